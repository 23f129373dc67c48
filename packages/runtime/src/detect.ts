import http from 'node:http';
import { RuntimeUnavailableError, throwIfAborted } from '@mikrocloud/core';
import {
  configuredSocket,
  describeSkipped,
  probeSocket,
  socketFromEnv,
  type SkippedSocket,
  type SocketCandidate,
  type SocketProbe,
} from '@mikrocloud/runtime-docker';
import { ROOTFUL_PODMAN_SOCKET } from '@mikrocloud/runtime-podman';

/** The engines {@link detectRuntime} tells apart. */
export type DetectedEngine = 'docker' | 'podman';

/** Says which engine answers on a socket, or throws when none does. Injected by unit tests. */
export type EngineIdentifier = (socketPath: string, signal: AbortSignal) => Promise<DetectedEngine>;

/** The engine {@link detectRuntime} chose, where, and why every earlier candidate was passed over. */
export interface DetectedRuntime {
  runtime: DetectedEngine;
  socketPath: string;
  /** The strategy that answered, e.g. `DOCKER_HOST` or `docker default`. */
  source: string;
  skipped: SkippedSocket[];
}

/** What one strategy of the chain concluded: an engine, or why it has none. */
export type StrategyResult =
  | { found: { runtime: DetectedEngine; socketPath: string } }
  | { skipped: { reason: string; path?: string } };

/** What every strategy is given. */
export interface DiscoveryContext {
  signal?: AbortSignal;
  probe: SocketProbe;
  identify: EngineIdentifier;
  pingTimeoutMs: number;
  /** Socket paths earlier strategies already tried, with the strategy that tried each. */
  tried: Map<string, string>;
}

/**
 * One way of finding an engine (a configured socket, an environment variable, a well-known
 * path). The chain asks each in turn; the first that finds an engine wins.
 */
export interface DiscoveryStrategy {
  readonly name: string;
  /** The socket it tries, when known before trying (reported for strategies never consulted). */
  readonly path?: string;
  /** When this one finds nothing, the strategies after it are not consulted (a configured socket). */
  readonly authoritative?: boolean;
  getResult(context: DiscoveryContext): Promise<StrategyResult>;
}

/** Options of {@link detectRuntime}. */
export interface DetectRuntimeOptions {
  /** A configured socket. When set it is the only candidate: a configured socket is never swapped for another. */
  socketPath?: string;
  /** How the configured socket is named in messages. Default `socketPath option`; the server says `docker.socket_path`. */
  socketPathSource?: string;
  /** Environment read for `DOCKER_HOST`, `CONTAINER_HOST` and `XDG_RUNTIME_DIR`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Longest wait for one candidate's ping, in milliseconds. Default 3000. */
  pingTimeoutMs?: number;
  signal?: AbortSignal;
  /** How socket paths are checked before connecting. Default: `stat`. */
  probe?: SocketProbe;
  /** How an answering engine is identified. Default: `GET /_ping` and its `Libpod-Api-Version` header. */
  identify?: EngineIdentifier;
  /** The chain itself. Default: {@link defaultStrategies} of `socketPath` and `env`. */
  strategies?: readonly DiscoveryStrategy[];
}

/**
 * The order `runtime = "auto"` tries sockets in: the configured socket (alone, when set); the
 * environment, `DOCKER_HOST` then `CONTAINER_HOST`; then the well-known places, Docker's
 * `/var/run/docker.sock`, rootless Docker's `$XDG_RUNTIME_DIR/docker.sock`, rootless Podman's
 * `$XDG_RUNTIME_DIR/podman/podman.sock`, rootful Podman's `/run/podman/podman.sock`.
 */
export function autoSocketCandidates(socketPath: string | undefined, env: NodeJS.ProcessEnv, socketPathSource = 'socketPath option'): SocketCandidate[] {
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim().replace(/\/+$/, '');
  const inRuntimeDir = (source: string, file: string): SocketCandidate =>
    runtimeDir ? configuredSocket(source, `${runtimeDir}/${file}`) : { source, unusable: 'XDG_RUNTIME_DIR not set' };
  return [
    configuredSocket(socketPathSource, socketPath, true),
    socketFromEnv(env, 'DOCKER_HOST'),
    socketFromEnv(env, 'CONTAINER_HOST'),
    configuredSocket('docker default', '/var/run/docker.sock'),
    inRuntimeDir('docker rootless (XDG_RUNTIME_DIR)', 'docker.sock'),
    inRuntimeDir('podman rootless (XDG_RUNTIME_DIR)', 'podman/podman.sock'),
    configuredSocket('podman rootful default', ROOTFUL_PODMAN_SOCKET),
  ];
}

/** Pings a socket; Podman's service tells itself apart with a `Libpod-Api-Version` header. */
export const identifyEngine: EngineIdentifier = (socketPath, signal) =>
  new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: '/_ping', method: 'GET', signal }, (res) => {
      res.resume();
      if ((res.statusCode ?? 500) >= 500) {
        reject(new Error(`GET /_ping answered ${res.statusCode}`));
        return;
      }
      resolve(res.headers['libpod-api-version'] ? 'podman' : 'docker');
    });
    req.on('error', reject);
    req.end();
  });

const probeReasons: Record<string, string> = { missing: 'missing', 'not-a-socket': 'not a socket', 'no-access': 'permission denied' };

function describeFailure(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const code = (err as NodeJS.ErrnoException)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return `did not answer a ping (${code ?? message})`;
}

/** A strategy that tries one socket candidate: present, a socket, answering a ping. */
export function socketStrategy(candidate: SocketCandidate): DiscoveryStrategy {
  return {
    name: candidate.source,
    ...(candidate.path ? { path: candidate.path } : {}),
    ...(candidate.authoritative ? { authoritative: true } : {}),
    async getResult(context) {
      const path = candidate.path;
      if (!path) return { skipped: { reason: candidate.unusable ?? 'not set' } };
      const earlier = context.tried.get(path);
      if (earlier !== undefined) return { skipped: { path, reason: `same socket as ${earlier}` } };
      context.tried.set(path, candidate.source);
      const probed = context.probe(path);
      if (probed !== 'socket') return { skipped: { path, reason: probeReasons[probed] ?? probed } };
      const timeout = AbortSignal.timeout(context.pingTimeoutMs);
      const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
      try {
        return { found: { runtime: await context.identify(path, signal), socketPath: path } };
      } catch (err) {
        throwIfAborted(context.signal);
        return { skipped: { path, reason: describeFailure(err, timeout.aborted, context.pingTimeoutMs) } };
      }
    },
  };
}

/** The chain `runtime = "auto"` walks: one {@link socketStrategy} per {@link autoSocketCandidates} entry. */
export function defaultStrategies(socketPath: string | undefined, env: NodeJS.ProcessEnv, socketPathSource?: string): DiscoveryStrategy[] {
  return autoSocketCandidates(socketPath, env, socketPathSource).map(socketStrategy);
}

/**
 * Finds the container engine for `runtime = "auto"`: walks the strategies in order and returns
 * the first engine that answers, with what it is and why each earlier strategy was passed over.
 * Throws a `RuntimeUnavailableError` naming every candidate when none answers.
 *
 * @example
 * const found = await detectRuntime({ socketPath: config.docker.socket_path });
 * // { runtime: 'podman', socketPath: '/run/user/1000/podman/podman.sock', source: 'podman rootless (XDG_RUNTIME_DIR)', skipped: [...] }
 */
export async function detectRuntime(options: DetectRuntimeOptions = {}): Promise<DetectedRuntime> {
  const strategies = options.strategies ?? defaultStrategies(options.socketPath, options.env ?? process.env, options.socketPathSource);
  const context: DiscoveryContext = {
    ...(options.signal ? { signal: options.signal } : {}),
    probe: options.probe ?? probeSocket,
    identify: options.identify ?? identifyEngine,
    pingTimeoutMs: options.pingTimeoutMs ?? 3000,
    tried: new Map(),
  };
  const skipped: SkippedSocket[] = [];
  for (const [index, strategy] of strategies.entries()) {
    throwIfAborted(options.signal);
    const result = await strategy.getResult(context);
    if ('found' in result) return { ...result.found, source: strategy.name, skipped };
    skipped.push({ source: strategy.name, ...result.skipped });
    if (strategy.authoritative && result.skipped.path !== undefined) {
      for (const other of strategies.slice(index + 1)) {
        skipped.push({ source: other.name, ...(other.path ? { path: other.path } : {}), reason: `not consulted (${strategy.name} comes first)` });
      }
      break;
    }
  }
  throw new RuntimeUnavailableError(`no container engine answered. Tried: ${describeSkipped(skipped)}`, {
    details: { skipped },
  });
}
