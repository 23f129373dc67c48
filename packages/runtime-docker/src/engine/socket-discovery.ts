import { statSync } from 'node:fs';

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
 * A candidate from a `DOCKER_HOST`-style variable. Only `unix://` (or a bare absolute path) is
 * accepted: TCP endpoints are refused, since they would need TLS settings this package does not
 * take and would silently bypass the socket's file permissions.
 */
export function socketFromEnv(env: NodeJS.ProcessEnv, variable: string): SocketCandidate {
  const value = env[variable]?.trim();
  if (!value) return { source: variable, unusable: 'not set' };
  if (value.startsWith('unix://')) {
    const path = value.slice('unix://'.length);
    return path.startsWith('/') ? { source: variable, path } : { source: variable, unusable: `"${value}" has no absolute socket path` };
  }
  if (value.startsWith('/')) return { source: variable, path: value };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1] ?? value;
  return { source: variable, unusable: `"${scheme}://" endpoints are not supported (only unix:// sockets)` };
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
    const result = probe(candidate.path);
    if (result === 'socket' || candidate.authoritative) {
      if (result !== 'socket') skipped.push({ source: candidate.source, path: candidate.path, reason: reasons[result] });
      const rest = candidates.slice(candidates.indexOf(candidate) + 1);
      for (const other of rest) skipped.push({ source: other.source, ...(other.path ? { path: other.path } : {}), reason: `not consulted (${candidate.source} comes first)` });
      return { socketPath: candidate.path, source: candidate.source, found: result === 'socket', skipped };
    }
    fallback ??= candidate;
    skipped.push({ source: candidate.source, path: candidate.path, reason: reasons[result] });
  }
  const chosen = fallback ?? candidates[candidates.length - 1];
  return { socketPath: chosen?.path ?? '', source: chosen?.source ?? 'none', found: false, skipped };
}

/** One line per skipped candidate, for error messages: `DOCKER_HOST: not set; default (/var/run/docker.sock): missing`. */
export function describeSkipped(skipped: SkippedSocket[]): string {
  return skipped.map((s) => `${s.source}${s.path ? ` (${s.path})` : ''}: ${s.reason}`).join('; ');
}

/**
 * Docker's chain: the `socketPath` option (authoritative when set), `DOCKER_HOST`,
 * `/var/run/docker.sock`, then rootless Docker's `$XDG_RUNTIME_DIR/docker.sock`.
 */
export function dockerSocketCandidates(socketPath: string | undefined, env: NodeJS.ProcessEnv, socketPathSource = 'socketPath option'): SocketCandidate[] {
  return [
    configuredSocket(socketPathSource, socketPath, true),
    socketFromEnv(env, 'DOCKER_HOST'),
    configuredSocket('default', '/var/run/docker.sock'),
    configuredSocket('XDG_RUNTIME_DIR', env.XDG_RUNTIME_DIR ? `${env.XDG_RUNTIME_DIR}/docker.sock` : undefined),
  ];
}
