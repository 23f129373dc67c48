import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { endpointAddress, type EngineEndpoint, type EngineTlsSettings } from './endpoint.js';
import { SshDialer } from './ssh-dialer.js';

/** Opens HTTP requests to one engine endpoint: a unix socket, TCP with TLS, or an ssh tunnel. */
export interface EngineDialer {
  /** The endpoint's URL, for messages. */
  readonly address: string;
  /** Starts a request with these options (path, method, headers, signal); throws when it cannot even start. */
  request(options: http.RequestOptions): http.ClientRequest;
  /** Lets go of what the dialer keeps open (an ssh connection); running requests finish first. */
  close(): void;
}

/**
 * A unix socket: every request opens its own connection (no keep-alive pool: a pooled socket
 * would outlive an engine restart and fail the next call).
 */
function unixDialer(socketPath: string, address: string): EngineDialer {
  return {
    address,
    request: (options) => http.request({ ...options, socketPath, agent: false }),
    close: () => undefined,
  };
}

/** A TLS file (CA, certificate, key) that could not be read. */
export class EngineTlsFileError extends Error {
  readonly code = 'ETLSFILES';
}

function readTlsFile(kind: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new EngineTlsFileError(`cannot read the TLS ${kind} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/**
 * TCP with mutual TLS. The files are read on each new connection, so renewed certificates are
 * picked up without a restart; the engine's certificate must be signed by the CA and name the host.
 */
function tlsDialer(host: string, port: number, tls: EngineTlsSettings, address: string): EngineDialer {
  return {
    address,
    request: (options) => {
      // Throws (ETLSFILES) when a file cannot be read: the request then fails like a refused connection.
      const files = { ca: readTlsFile('CA', tls.caFile), cert: readTlsFile('certificate', tls.certFile), key: readTlsFile('key', tls.keyFile) };
      // The Host header is a placeholder: the certificate must name the engine's real host.
      return https.request({
        ...options,
        host,
        port,
        ...files,
        minVersion: 'TLSv1.2',
        servername: isIP(host) ? '' : host,
        checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert),
        agent: false,
      });
    },
    close: () => undefined,
  };
}

function plainTcpDialer(host: string, port: number, address: string): EngineDialer {
  return { address, request: (options) => http.request({ ...options, host, port, agent: false }), close: () => undefined };
}

/** The dialer for an endpoint. */
export function createDialer(endpoint: EngineEndpoint): EngineDialer {
  const address = endpointAddress(endpoint);
  switch (endpoint.kind) {
    case 'unix':
      return unixDialer(endpoint.socketPath, address);
    case 'tcp':
      return endpoint.tls ? tlsDialer(endpoint.host, endpoint.port, endpoint.tls, address) : plainTcpDialer(endpoint.host, endpoint.port, address);
    case 'ssh':
      return new SshDialer(endpoint, address);
  }
}
