import type { ContainerManager, Logger } from '@mikrocloud/core';
import { ValidationError } from '@mikrocloud/core';
import { DockerContainerManager, type EngineSshSettings, type EngineTlsSettings, type ManagerPolicyOptions } from '@mikrocloud/runtime-docker';
import { policySettings } from '@mikrocloud/runtime-docker/internal';
import { PodmanContainerManager } from '@mikrocloud/runtime-podman';
import { detectRuntime, type DetectRuntimeOptions } from './detect.js';

/** Runtime names a manager can be asked for. */
export const RUNTIME_NAMES = ['docker', 'podman', 'auto'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** Options of {@link createContainerManager}. */
export interface CreateContainerManagerOptions extends ManagerPolicyOptions {
  /** `docker`, `podman`, or `auto` ({@link detectRuntime}). */
  runtime: RuntimeName;
  socketPath?: string;
  /** How the configured socket is named in messages. Default `socketPath option`; the server says `docker.socket_path`. */
  socketPathSource?: string;
  /**
   * A Docker engine by URL: `unix://`, `tcp://` (with `tls`, or `allowPlainTcp`) or `ssh://` (with
   * `ssh`). Only for `docker` and `auto` (which then uses it without probing other engines).
   */
  host?: string;
  /** How `host` is named in messages. Default `host option`; the server says `docker.host`. */
  hostSource?: string;
  /** TLS files for a `tcp://` host. */
  tls?: EngineTlsSettings;
  /** Key and known_hosts files for an `ssh://` host. */
  ssh?: EngineSshSettings;
  /** Accept `tcp://` without TLS. Default false. */
  allowPlainTcp?: boolean;
  /** Passed to Podman: a disagreement with the engine becomes a warning in `info()`. */
  configuredRootless?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Labels put on every container and image the manager creates. */
  labels?: Record<string, string>;
  /** Only for Podman: see `PodmanContainerManagerOptions.allowUnconfinedMounts`. */
  allowUnconfinedMounts?: boolean;
  /**
   * Labelled on every container the manager creates; only containers carrying it are then seen
   * (see the managers' `instanceId`). Unset: every managed container.
   */
  instanceId?: string;
  /** See every container, managed or not (the managers' `includeUnmanaged`). Default false. */
  includeUnmanaged?: boolean;
  /** Receives warnings, and for `auto` which engine was chosen and why the others were not. */
  logger?: Logger;
  /**
   * Only for `auto`, when no engine answers: `error` (the default) throws the
   * `RuntimeUnavailableError` naming every candidate; `docker` or `podman` returns that manager
   * anyway, so a server can start and answer 503 until an engine appears.
   */
  fallback?: 'error' | 'docker' | 'podman';
  /** Only for `auto`: see {@link DetectRuntimeOptions}. */
  pingTimeoutMs?: number;
  strategies?: DetectRuntimeOptions['strategies'];
  signal?: AbortSignal;
}

/**
 * The manager a configuration asks for: the one place a runtime name becomes a manager, for the
 * SDK and the server alike. `docker` and `podman` are built without touching the engine; `auto`
 * first finds one with {@link detectRuntime}, and the manager then talks to the socket it found.
 *
 * @example
 * const manager = await createContainerManager({ runtime: 'auto' });
 * console.log(manager.runtime, manager.socketPath);
 */
export async function createContainerManager(options: CreateContainerManagerOptions): Promise<ContainerManager> {
  let runtime: 'docker' | 'podman';
  let socketPath = options.socketPath;
  let socketPathSource = options.socketPathSource;
  if (options.host !== undefined && options.runtime === 'podman') {
    throw new ValidationError([{ field: options.hostSource ?? 'host', message: 'an engine URL is only supported for runtime docker (use the socket path for Podman)' }]);
  }
  if (options.host !== undefined) {
    runtime = 'docker';
  } else if (options.runtime === 'auto') {
    try {
      const found = await detectRuntime({
        ...(socketPath === undefined ? {} : { socketPath }),
        ...(options.socketPathSource === undefined ? {} : { socketPathSource: options.socketPathSource }),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.pingTimeoutMs === undefined ? {} : { pingTimeoutMs: options.pingTimeoutMs }),
        ...(options.strategies === undefined ? {} : { strategies: options.strategies }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      runtime = found.runtime;
      socketPath = found.socketPath;
      socketPathSource = found.source;
      options.logger?.info('runtime selected', { runtime, socket_path: socketPath, source: found.source, skipped: found.skipped });
    } catch (err) {
      const fallback = options.fallback ?? 'error';
      if (fallback === 'error' || options.signal?.aborted) throw err;
      options.logger?.warn(`no container engine answers; using ${fallback} until one does`, {
        skipped: (err as { details?: { skipped?: unknown } }).details?.skipped,
      });
      runtime = fallback;
    }
  } else {
    runtime = options.runtime;
  }
  const common = {
    ...(socketPath === undefined ? {} : { socketPath }),
    ...(socketPathSource === undefined ? {} : { socketPathSource }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...policySettings(options),
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    ...(options.includeUnmanaged === undefined ? {} : { includeUnmanaged: options.includeUnmanaged }),
  };
  if (runtime === 'docker') {
    return new DockerContainerManager({
      ...common,
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.hostSource === undefined ? {} : { hostSource: options.hostSource }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(options.ssh === undefined ? {} : { ssh: options.ssh }),
      ...(options.allowPlainTcp === undefined ? {} : { allowPlainTcp: options.allowPlainTcp }),
    });
  }
  return new PodmanContainerManager({
    ...common,
    ...(options.configuredRootless === undefined ? {} : { configuredRootless: options.configuredRootless }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.allowUnconfinedMounts === undefined ? {} : { allowUnconfinedMounts: options.allowUnconfinedMounts }),
  });
}
