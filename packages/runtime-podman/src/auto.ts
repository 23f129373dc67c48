import { RuntimeUnavailableError, throwIfAborted, type ContainerManager } from '@mikrocloud/core';
import {
  DockerContainerManager,
  configuredSocket,
  describeSkipped,
  openEngineRequest,
  probeSocket,
  socketFromEnv,
  type SkippedSocket,
  type SocketCandidate,
  type SocketProbe,
} from '@mikrocloud/runtime-docker';
import { PodmanContainerManager, type PodmanLogger } from './podman-container-manager.js';
import { ROOTFUL_PODMAN_SOCKET } from './socket-discovery.js';

/** The engines {@link detectRuntime} tells apart. */
export type DetectedEngine = 'docker' | 'podman';

/** Says which engine answers on a socket, or throws when none does. Injected by unit tests. */
export type EngineIdentifier = (socketPath: string, signal: AbortSignal) => Promise<DetectedEngine>;

/** Options of {@link detectRuntime}. */
export interface DetectRuntimeOptions {
  /** A configured socket. When set it is the only candidate: a configured socket is never swapped for another. */
  socketPath?: string;
  /** Environment read for `DOCKER_HOST`, `CONTAINER_HOST` and `XDG_RUNTIME_DIR`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Longest wait for one candidate's ping, in milliseconds. Default 3000. */
  pingTimeoutMs?: number;
  signal?: AbortSignal;
  /** How socket paths are checked before connecting. Default: `stat`. */
  probe?: SocketProbe;
  /** How an answering engine is identified. Default: `GET /_ping` and its `Libpod-Api-Version` header. */
  identify?: EngineIdentifier;
}

/** The engine {@link detectRuntime} chose, where, and why every earlier candidate was passed over. */
export interface DetectedRuntime {
  runtime: DetectedEngine;
  socketPath: string;
  /** The candidate that answered, e.g. `DOCKER_HOST` or `/var/run/docker.sock`. */
  source: string;
  skipped: SkippedSocket[];
}

/**
 * The order `runtime = "auto"` tries sockets in: the configured socket (alone, when set); the
 * environment, `DOCKER_HOST` then `CONTAINER_HOST`; then the well-known places, Docker's
 * `/var/run/docker.sock`, rootless Docker's `$XDG_RUNTIME_DIR/docker.sock`, rootless Podman's
 * `$XDG_RUNTIME_DIR/podman/podman.sock`, rootful Podman's `/run/podman/podman.sock`.
 */
export function autoSocketCandidates(socketPath: string | undefined, env: NodeJS.ProcessEnv): SocketCandidate[] {
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim().replace(/\/+$/, '');
  const inRuntimeDir = (source: string, file: string): SocketCandidate =>
    runtimeDir ? configuredSocket(source, `${runtimeDir}/${file}`) : { source, unusable: 'XDG_RUNTIME_DIR not set' };
  return [
    configuredSocket('socketPath option', socketPath, true),
    socketFromEnv(env, 'DOCKER_HOST'),
    socketFromEnv(env, 'CONTAINER_HOST'),
    configuredSocket('docker default', '/var/run/docker.sock'),
    inRuntimeDir('docker rootless (XDG_RUNTIME_DIR)', 'docker.sock'),
    inRuntimeDir('podman rootless (XDG_RUNTIME_DIR)', 'podman/podman.sock'),
    configuredSocket('podman rootful default', ROOTFUL_PODMAN_SOCKET),
  ];
}

/** Pings a socket; Podman's service tells itself apart with a `Libpod-Api-Version` header. */
export const identifyEngine: EngineIdentifier = async (socketPath, signal) => {
  const res = await openEngineRequest(socketPath, '', { method: 'GET', path: '/_ping', unversioned: true, signal });
  res.resume();
  return res.headers['libpod-api-version'] ? 'podman' : 'docker';
};

const probeReasons: Record<string, string> = { missing: 'missing', 'not-a-socket': 'not a socket', 'no-access': 'permission denied' };

function describeFailure(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const code = (err as NodeJS.ErrnoException)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return `did not answer a ping (${code ?? message})`;
}

/**
 * Finds the container engine for `runtime = "auto"`: walks {@link autoSocketCandidates} and
 * returns the first socket whose engine answers a ping, with what that engine is and why each
 * earlier candidate was passed over. Throws a `RuntimeUnavailableError` naming every candidate
 * when none answers.
 *
 * @example
 * const found = await detectRuntime({ socketPath: config.docker.socket_path });
 * // { runtime: 'podman', socketPath: '/run/user/1000/podman/podman.sock', source: 'podman rootless (XDG_RUNTIME_DIR)', skipped: [...] }
 */
export async function detectRuntime(options: DetectRuntimeOptions = {}): Promise<DetectedRuntime> {
  const env = options.env ?? process.env;
  const probe = options.probe ?? probeSocket;
  const identify = options.identify ?? identifyEngine;
  const timeoutMs = options.pingTimeoutMs ?? 3000;
  const candidates = autoSocketCandidates(options.socketPath, env);
  const skipped: SkippedSocket[] = [];
  const tried = new Map<string, string>();
  for (const [index, candidate] of candidates.entries()) {
    throwIfAborted(options.signal);
    if (!candidate.path) {
      skipped.push({ source: candidate.source, reason: candidate.unusable ?? 'not set' });
      continue;
    }
    const { path, source } = candidate;
    const earlier = tried.get(path);
    if (earlier !== undefined) {
      skipped.push({ source, path, reason: `same socket as ${earlier}` });
      continue;
    }
    tried.set(path, source);
    const probed = probe(path);
    let reason: string;
    if (probed !== 'socket') {
      reason = probeReasons[probed] ?? probed;
    } else {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      try {
        const runtime = await identify(path, signal);
        return { runtime, socketPath: path, source, skipped };
      } catch (err) {
        throwIfAborted(options.signal);
        reason = describeFailure(err, timeout.aborted, timeoutMs);
      }
    }
    skipped.push({ source, path, reason });
    if (candidate.authoritative) {
      for (const other of candidates.slice(index + 1)) {
        skipped.push({ source: other.source, ...(other.path ? { path: other.path } : {}), reason: `not consulted (${source} comes first)` });
      }
      break;
    }
  }
  throw new RuntimeUnavailableError(`no container engine answered. Tried: ${describeSkipped(skipped)}`, {
    details: { skipped },
  });
}

/** Options of {@link createContainerManager}. */
export interface CreateContainerManagerOptions {
  /** `docker`, `podman`, or `auto` ({@link detectRuntime}). */
  runtime: 'docker' | 'podman' | 'auto';
  socketPath?: string;
  /** Passed to Podman: a disagreement with the engine becomes a warning in `info()`. */
  configuredRootless?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Labels put on every container and image the manager creates. */
  labels?: Record<string, string>;
  logger?: PodmanLogger;
  /** Only for `auto`: see {@link DetectRuntimeOptions}. */
  pingTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The manager a configuration asks for. `docker` and `podman` are built without touching the
 * engine; `auto` first finds one with {@link detectRuntime}, and the manager then talks to the
 * socket it found.
 *
 * @example
 * const manager = await createContainerManager({ runtime: 'auto' });
 * console.log(manager.runtime, manager.socketPath);
 */
export async function createContainerManager(options: CreateContainerManagerOptions): Promise<ContainerManager> {
  let runtime = options.runtime;
  let socketPath = options.socketPath;
  if (runtime === 'auto') {
    const found = await detectRuntime({
      ...(socketPath === undefined ? {} : { socketPath }),
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.pingTimeoutMs === undefined ? {} : { pingTimeoutMs: options.pingTimeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    runtime = found.runtime;
    socketPath = found.socketPath;
  }
  const common = {
    ...(socketPath === undefined ? {} : { socketPath }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.labels === undefined ? {} : { labels: options.labels }),
  };
  if (runtime === 'docker') return new DockerContainerManager(common);
  return new PodmanContainerManager({
    ...common,
    ...(options.configuredRootless === undefined ? {} : { configuredRootless: options.configuredRootless }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
