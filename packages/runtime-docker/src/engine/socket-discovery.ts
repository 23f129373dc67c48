import { statSync } from 'node:fs';
import { endpointAddress, parseEngineHost, tlsFromEnv, type EngineEndpoint, type EngineHostSettings } from './endpoint.js';

/** What a path on disk turned out to be. */
export type SocketProbeResult = 'socket' | 'missing' | 'not-a-socket' | 'no-access';

/** Looks at a path without connecting to it. Injected so unit tests never touch the host. */
export type SocketProbe = (path: string) => SocketProbeResult;

/** One place an engine's socket may be, in the order they are tried. */
export interface SocketCandidate {
  /** Where the candidate comes from, e.g. `socketPath option`, `DOCKER_HOST`, `default`. */
  source: string;
  /** The socket path, or undefined when the source is not set or unusable. */
  path?: string;
  /** Why the source gave no path (not set, unsupported scheme). */
  unusable?: string;
  /**
   * When set and the candidate has a path, it is used even if nothing listens there yet, and the
   * chain stops: an explicitly configured socket must never be swapped for another engine's.
   */
  authoritative?: boolean;
  /** A remote engine (`tcp://` with TLS, `ssh://`): used as it is, never probed; {@link path} holds its address. */
  endpoint?: EngineEndpoint;
}

/** A candidate that was passed over, and why. */
export interface SkippedSocket {
  source: string;
  path?: string;
  reason: string;
}

/** The outcome of socket discovery: the socket to use and every candidate passed over. */
export interface SocketDiscovery {
  /** The socket to talk to; the first candidate that is a socket, else the first with a path. */
  socketPath: string;
  /** Where {@link socketPath} came from. */
  source: string;
  /** Whether a socket existed at {@link socketPath} when discovery ran. */
  found: boolean;
  skipped: SkippedSocket[];
  /** The chosen engine when it is not a local socket (`tcp://`, `ssh://`); {@link socketPath} then holds its address. */
  endpoint?: EngineEndpoint;
}

/** Checks a path with `stat` (follows symlinks, as a connect would). */
export const probeSocket: SocketProbe = (path) => {
  try {
    return statSync(path).isSocket() ? 'socket' : 'not-a-socket';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'no-access' : 'missing';
  }
};

/** A candidate from an explicit option; `authoritative` ends the chain there when it is set. */
export function configuredSocket(source: string, path: string | undefined, authoritative = false): SocketCandidate {
  if (!path) return { source, unusable: 'not set' };
  return authoritative ? { source, path, authoritative } : { source, path };
}

/**
 * A local socket from a variable such as `CONTAINER_HOST`: only `unix://` (or a bare absolute
 * path) is accepted. A remote engine URL there is refused: it is read only where TLS and ssh
 * settings come with it ({@link dockerHostFromEnv} for Docker's `DOCKER_HOST`).
 */
export function socketFromEnv(env: NodeJS.ProcessEnv, variable: string): SocketCandidate {
  const value = env[variable]?.trim();
  if (!value) return { source: variable, unusable: 'not set' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
  if (scheme && scheme.toLowerCase() !== 'unix') return { source: variable, unusable: `"${scheme}://" endpoints are not supported (only unix:// sockets)` };
  if (!scheme && !value.startsWith('/')) {
    // Nothing before `@` is shown: it could be a password.
    return { source: variable, unusable: `"${value.replace(/^.*@/s, '***@')}" is neither an absolute socket path nor a unix:// URL` };
  }
  return hostCandidate(variable, value);
}

/**
 * A candidate from an engine URL (`unix://`, `tcp://` with TLS, `ssh://`). A remote one is
 * authoritative: it is never probed and nothing after it is consulted. An unusable URL (plain
 * `tcp://` without `allowPlainTcp`, an unknown scheme) is skipped with the reason.
 */
export function hostCandidate(source: string, value: string | undefined, settings: EngineHostSettings = {}, authoritative = false): SocketCandidate {
  const text = value?.trim();
  if (!text) return { source, unusable: 'not set' };
  const parsed = parseEngineHost(text, settings);
  if ('unusable' in parsed) return { source, unusable: parsed.unusable };
  const endpoint = parsed.endpoint;
  if (endpoint.kind === 'unix') return configuredSocket(source, endpoint.socketPath, authoritative);
  return { source, path: endpointAddress(endpoint), endpoint, authoritative: true };
}

/**
 * `DOCKER_HOST` the way the Docker CLI reads it: `tcp://` uses TLS when `DOCKER_TLS_VERIFY` is set
 * (files from `DOCKER_CERT_PATH`), and is refused without it unless `allowPlainTcp`; `ssh://`
 * uses the ssh settings given (or the ssh client's defaults), with strict host key checking.
 */
export function dockerHostFromEnv(env: NodeJS.ProcessEnv, settings: EngineHostSettings = {}): SocketCandidate {
  return hostCandidate('DOCKER_HOST', env.DOCKER_HOST, { ...settings, tls: settings.tls ?? tlsFromEnv(env) });
}

const reasons: Record<Exclude<SocketProbeResult, 'socket'>, string> = {
  missing: 'missing',
  'not-a-socket': 'not a socket',
  'no-access': 'permission denied',
};

/**
 * Walks the candidates in order and picks the first that is a socket, or the first authoritative
 * one that has a path. When none is, the first candidate that has a path is chosen anyway, so the
 * engine can appear there later; every skipped candidate records why.
 *
 * @example
 * discoverSocket([configuredSocket('socketPath option', opts.socketPath), socketFromEnv(env, 'DOCKER_HOST'),
 *   configuredSocket('default', '/var/run/docker.sock')])
 */
export function discoverSocket(candidates: SocketCandidate[], probe: SocketProbe = probeSocket): SocketDiscovery {
  const skipped: SkippedSocket[] = [];
  let fallback: SocketCandidate | undefined;
  for (const candidate of candidates) {
    if (!candidate.path) {
      skipped.push({ source: candidate.source, reason: candidate.unusable ?? 'not set' });
      continue;
    }
    if (candidate.endpoint) {
      skipRest(candidates, candidate, skipped);
      return { socketPath: candidate.path, source: candidate.source, found: true, skipped, endpoint: candidate.endpoint };
    }
    const result = probe(candidate.path);
    if (result === 'socket' || candidate.authoritative) {
      if (result !== 'socket') skipped.push({ source: candidate.source, path: candidate.path, reason: reasons[result] });
      skipRest(candidates, candidate, skipped);
      return { socketPath: candidate.path, source: candidate.source, found: result === 'socket', skipped };
    }
    fallback ??= candidate;
    skipped.push({ source: candidate.source, path: candidate.path, reason: reasons[result] });
  }
  const chosen = fallback ?? candidates[candidates.length - 1];
  return { socketPath: chosen?.path ?? '', source: chosen?.source ?? 'none', found: false, skipped };
}

/** Records every candidate after the chosen one as not consulted. */
function skipRest(candidates: SocketCandidate[], chosen: SocketCandidate, skipped: SkippedSocket[]): void {
  for (const other of candidates.slice(candidates.indexOf(chosen) + 1)) {
    skipped.push({ source: other.source, ...(other.path ? { path: other.path } : {}), reason: `not consulted (${chosen.source} comes first)` });
  }
}

/** One line per skipped candidate, for error messages: `DOCKER_HOST: not set; default (/var/run/docker.sock): missing`. */
export function describeSkipped(skipped: SkippedSocket[]): string {
  return skipped.map((s) => `${s.source}${s.path ? ` (${s.path})` : ''}: ${s.reason}`).join('; ');
}

/** Where Docker's chain starts when a remote engine is configured: the `host` option and how to reach it. */
export interface DockerHostOptions extends EngineHostSettings {
  /** An engine URL (`unix://`, `tcp://`, `ssh://`); authoritative when set. */
  host?: string | undefined;
  /** How `host` is named in messages. Default `host option`; the server says `docker.host`. */
  hostSource?: string | undefined;
}

/**
 * Docker's chain: the `host` option and the `socketPath` option (each authoritative when set),
 * `DOCKER_HOST` (with `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), `/var/run/docker.sock`, then
 * rootless Docker's `$XDG_RUNTIME_DIR/docker.sock`.
 */
export function dockerSocketCandidates(
  socketPath: string | undefined,
  env: NodeJS.ProcessEnv,
  socketPathSource = 'socketPath option',
  host: DockerHostOptions = {},
): SocketCandidate[] {
  const settings: EngineHostSettings = { tls: host.tls, ssh: host.ssh, allowPlainTcp: host.allowPlainTcp };
  return [
    ...(host.host === undefined ? [] : [hostCandidate(host.hostSource ?? 'host option', host.host, settings, true)]),
    configuredSocket(socketPathSource, socketPath, true),
    dockerHostFromEnv(env, settings),
    configuredSocket('default', '/var/run/docker.sock'),
    configuredSocket('XDG_RUNTIME_DIR', env.XDG_RUNTIME_DIR ? `${env.XDG_RUNTIME_DIR}/docker.sock` : undefined),
  ];
}
