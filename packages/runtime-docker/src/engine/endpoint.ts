import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { redactUrl } from '@mikrocloud/core';
import { join } from 'node:path';

/** Files of a mutual-TLS connection to an engine, as the Docker CLI's `--tlscacert`/`--tlscert`/`--tlskey` take them. */
export interface EngineTlsSettings {
  /** The CA that signed the engine's certificate (PEM). */
  caFile: string;
  /** This client's certificate (PEM). */
  certFile: string;
  /** This client's private key (PEM); keep it private. */
  keyFile: string;
}

/** How an `ssh://` engine is reached: always with strict host key checking. */
export interface EngineSshSettings {
  /** The private key to log in with. Default: the ssh client's own (`~/.ssh/id_*`, agent). */
  keyFile?: string;
  /** The known_hosts file that must name the host's key. Default: the ssh client's own (`~/.ssh/known_hosts`). */
  knownHostsFile?: string;
  /** The ssh client program. Default `ssh`. */
  command?: string;
  /** How long one ssh connection carries new requests before a fresh one takes over (running streams stay on the old one). Default 10 minutes. */
  maxConnectionAgeMs?: number;
}

/** Where an engine's API is, and how it is reached. */
export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; tls: EngineTlsSettings | undefined }
  | { kind: 'ssh'; user: string | undefined; host: string; port: number; ssh: EngineSshSettings };

/** What may be used to reach a `host` URL. */
export interface EngineHostSettings {
  tls?: EngineTlsSettings | undefined;
  ssh?: EngineSshSettings | undefined;
  /** Accept `tcp://` without TLS (anyone on the network could drive the engine). Default false. */
  allowPlainTcp?: boolean | undefined;
}

/** An endpoint, or why a URL cannot be used. */
export type ParsedEngineHost = { endpoint: EngineEndpoint } | { unusable: string };

/** The address of an endpoint as a URL (`unix:///var/run/docker.sock`, `tcp://10.0.0.2:2376`, `ssh://deploy@host:22`). */
export function endpointAddress(endpoint: EngineEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'tcp':
      return `tcp://${bracketed(endpoint.host)}:${endpoint.port}`;
    case 'ssh':
      return `ssh://${endpoint.user ? `${endpoint.user}@` : ''}${bracketed(endpoint.host)}:${endpoint.port}`;
  }
}

function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Reads an engine URL: `unix:///path` (or a bare absolute path), `tcp://host:port` (TLS required
 * unless `allowPlainTcp`), `ssh://[user@]host[:port]`. Never throws: a URL that cannot be used
 * comes back with the reason.
 *
 * @example
 * parseEngineHost('tcp://10.0.0.2:2376', { tls: { caFile, certFile, keyFile } });
 * // { endpoint: { kind: 'tcp', host: '10.0.0.2', port: 2376, tls: {...} } }
 */
export function parseEngineHost(value: string, settings: EngineHostSettings = {}): ParsedEngineHost {
  const raw = value.trim();
  if (raw.startsWith('/')) return { endpoint: { kind: 'unix', socketPath: raw } };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  // Messages show the URL without any password it may carry; without a scheme, nothing before `@` is shown.
  const text = !raw.includes('@') ? raw : scheme ? redactUrl(raw) : raw.replace(/^.*@/s, '***@');
  if (!scheme) return { unusable: `"${text}" is neither an absolute socket path nor a unix://, tcp:// or ssh:// URL` };
  if (scheme === 'unix') {
    const path = raw.slice('unix://'.length);
    return path.startsWith('/') ? { endpoint: { kind: 'unix', socketPath: path } } : { unusable: `"${text}" has no absolute socket path` };
  }
  if (scheme !== 'tcp' && scheme !== 'ssh') return { unusable: `"${scheme}://" endpoints are not supported (unix://, tcp:// with TLS, ssh://)` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { unusable: `"${text}" is not a valid URL` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return { unusable: `"${text}" names no host` };
  if (!validHost(url.hostname)) return { unusable: `"${text}" does not name a host name, an IPv4 address or a bracketed IPv6 address` };
  if (url.port === '0') return { unusable: `"${text}": port 0 is not a port to connect to` };
  if (url.pathname && url.pathname !== '/') return { unusable: `"${text}": a path after the host is not supported` };
  if (url.search || url.hash) return { unusable: `"${text}": a query or fragment is not supported` };
  if (scheme === 'tcp') {
    if (url.username || url.password) return { unusable: `"tcp://" URLs take no user or password` };
    const tls = settings.tls;
    if (!tls && !settings.allowPlainTcp) {
      return { unusable: `plain tcp:// to ${host} refused: give TLS files (CA, certificate, key) or allow plain TCP explicitly` };
    }
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    return { endpoint: { kind: 'tcp', host, port, tls } };
  }
  if (url.password) return { unusable: `ssh:// URLs take no password (log in with a key)` };
  // The URL keeps the user as written (percent-encoded); a valid user name has nothing to decode.
  const user = url.username || undefined;
  if (user !== undefined && !/^[a-z_][a-z0-9_.-]*$/i.test(user)) return { unusable: `ssh:// user "${user}" is not a valid user name` };
  return { endpoint: { kind: 'ssh', user, host, port: url.port ? Number(url.port) : 22, ssh: settings.ssh ?? {} } };
}

const hostLabel = '[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?';
const hostName = new RegExp(`^${hostLabel}(?:\\.${hostLabel})*\\.?$`, 'i');

/** A host name (which covers IPv4 addresses) or a bracketed IPv6 address, as `URL.hostname` gives it. */
function validHost(hostname: string): boolean {
  if (hostname.startsWith('[')) return hostname.endsWith(']') && isIPv6(hostname.slice(1, -1));
  return hostname.length <= 253 && hostName.test(hostname);
}

/**
 * TLS files the way the Docker CLI finds them: with `DOCKER_TLS_VERIFY` set (non-empty),
 * `ca.pem`, `cert.pem` and `key.pem` in `DOCKER_CERT_PATH` (default `~/.docker`). Unset: none.
 */
export function tlsFromEnv(env: NodeJS.ProcessEnv): EngineTlsSettings | undefined {
  if (!env.DOCKER_TLS_VERIFY) return undefined;
  const dir = env.DOCKER_CERT_PATH || join(env.HOME || homedir(), '.docker');
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
}
