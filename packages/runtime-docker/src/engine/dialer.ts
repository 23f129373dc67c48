import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { createSecureContext, type ConnectionOptions, type SecureContext } from 'node:tls';
import { endpointAddress, type EngineEndpoint, type EngineTlsSettings } from './endpoint.js';
import { retireAgent } from './retire-agent.js';
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

/** Largest TLS file (CA, certificate, key) read: PEM files are a few KiB. */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;

/** How long a dead peer may stay silent before TCP keepalive probes start. */
const KEEPALIVE_DELAY_MS = 15_000;

function tlsFileError(kind: string, path: string, why: string, cause?: unknown): EngineTlsFileError {
  return new EngineTlsFileError(`cannot read the TLS ${kind} file ${path}: ${why}`, { cause });
}

/** What tells a changed file apart: a renewed certificate is a new file or a new write. */
function fileVersion(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function statTlsFile(kind: string, path: string): string {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw tlsFileError(kind, path, (err as NodeJS.ErrnoException).code ?? String(err), err);
  }
  return fileVersion(stats);
}

/** Reads a regular file of at most {@link MAX_TLS_FILE_BYTES}; a FIFO or a device is refused without blocking. */
function readTlsFile(kind: string, path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw tlsFileError(kind, path, (err as NodeJS.ErrnoException).code ?? String(err), err);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw tlsFileError(kind, path, 'not a regular file');
    if (stats.size > MAX_TLS_FILE_BYTES) throw tlsFileError(kind, path, `larger than ${MAX_TLS_FILE_BYTES} bytes`);
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch (err) {
    if (err instanceof EngineTlsFileError) throw err;
    throw tlsFileError(kind, path, (err as NodeJS.ErrnoException).code ?? String(err), err);
  } finally {
    closeSync(fd);
  }
}

/** Turns TCP keepalive on for the request's socket, so a silently dead peer ends a followed stream. */
function keptAlive(request: http.ClientRequest): http.ClientRequest {
  request.on('socket', (socket: Socket) => socket.setKeepAlive(true, KEEPALIVE_DELAY_MS));
  return request;
}

/**
 * One TLS context for a dialer's files, built again when a file changes (a renewed certificate is
 * picked up without a restart). Each request only stats the files.
 */
class TlsContextCache {
  private version: string | undefined;
  private context: SecureContext | undefined;

  constructor(private readonly tls: EngineTlsSettings) {}

  /** Throws (ETLSFILES) when a file cannot be read or used. */
  current(): SecureContext {
    const { caFile, certFile, keyFile } = this.tls;
    const version = [statTlsFile('CA', caFile), statTlsFile('certificate', certFile), statTlsFile('key', keyFile)].join('|');
    if (this.context && version === this.version) return this.context;
    const files = { ca: readTlsFile('CA', caFile), cert: readTlsFile('certificate', certFile), key: readTlsFile('key', keyFile) };
    try {
      this.context = createSecureContext({ ...files, minVersion: 'TLSv1.2' });
    } catch (err) {
      throw new EngineTlsFileError(`cannot use the TLS files ${caFile}, ${certFile}, ${keyFile}: ${(err as Error).message}`, { cause: err });
    }
    this.version = version;
    return this.context;
  }
}

/**
 * TCP with mutual TLS; the engine's certificate must be signed by the CA and name the host
 * (`servername`, or the host itself for an IP address, is what Node checks it against).
 * Connections are kept open between calls (a handshake per call costs several times the call);
 * a renewed file starts a new pool, and the old pool's connections end once their streams do.
 */
function tlsDialer(host: string, port: number, tls: EngineTlsSettings, address: string): EngineDialer {
  const contexts = new TlsContextCache(tls);
  let pool: { context: SecureContext; agent: https.Agent } | undefined;
  const retire = (): void => {
    const old = pool;
    pool = undefined;
    if (old) retireAgent(old.agent);
  };
  return {
    address,
    request: (options) => {
      // Throws (ETLSFILES) when a file cannot be read: the request then fails like a refused connection.
      const secureContext = contexts.current();
      if (pool?.context !== secureContext) {
        retire();
        pool = { context: secureContext, agent: new https.Agent({ keepAlive: true, maxFreeSockets: 4, scheduling: 'lifo' }) };
      }
      // The Host header is a placeholder: the certificate must name the engine's real host.
      const tlsOptions: https.RequestOptions & Pick<ConnectionOptions, 'secureContext'> = { ...options, host, port, secureContext, servername: isIP(host) ? '' : host, agent: pool.agent };
      return keptAlive(https.request(tlsOptions));
    },
    close: retire,
  };
}

function plainTcpDialer(host: string, port: number, address: string): EngineDialer {
  return { address, request: (options) => keptAlive(http.request({ ...options, host, port, agent: false })), close: () => undefined };
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
