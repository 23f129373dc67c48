import type { ContainerManager } from '@mikrocloud/core';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { PodmanContainerManager } from '@mikrocloud/runtime-podman';
import type { MikrocloudConfig, RuntimeName } from './config.js';
import { silentLogger, type Logger } from './logger.js';

export interface CreateManagerOptions {
  /** Environment the manager reads (DOCKER_HOST, CONTAINER_HOST, XDG_RUNTIME_DIR). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Receives warnings (a rootless mismatch, which engine `auto` picked and why). Default: silent. */
  logger?: Logger;
}

/** What a factory is given besides the configuration. */
export interface ManagerFactoryContext {
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** Makes the manager for one runtime name. */
export type ManagerFactory = (config: MikrocloudConfig, context: ManagerFactoryContext) => Promise<ContainerManager>;

const docker: ManagerFactory = async (config, { env }) =>
  new DockerContainerManager({ ...(config.docker.socket_path ? { socketPath: config.docker.socket_path } : {}), env });

const podman: ManagerFactory = async (config, { env, logger }) =>
  new PodmanContainerManager({
    ...(config.docker.socket_path ? { socketPath: config.docker.socket_path } : {}),
    configuredRootless: config.docker.rootless,
    env,
    logger: { warn: (message) => logger.warn(message) },
  });

/** How long `auto` waits for each engine before trying the next. */
const AUTO_PROBE_MS = 3000;

/**
 * `auto`: the first engine that answers wins, Docker before Podman, each found by its own socket
 * discovery. A configured `socket_path` is tried as Podman first: only Podman serves the libpod
 * API, while both answer Docker's, so that order tells the two apart. When nothing answers the
 * Docker manager is used anyway: the server starts and answers 503 until an engine appears.
 */
const auto: ManagerFactory = async (config, context) => {
  const candidates: { name: string; make: ManagerFactory; check: (m: ContainerManager, signal: AbortSignal) => Promise<unknown> }[] = [
    { name: 'docker', make: docker, check: (m, signal) => m.ping({ signal }) },
    { name: 'podman', make: podman, check: (m, signal) => m.ping({ signal }) },
  ];
  if (config.docker.socket_path) {
    candidates.unshift({ name: 'podman', make: podman, check: (m, signal) => m.info({ signal }) });
    candidates.splice(2, 1);
  }
  const skipped: string[] = [];
  for (const candidate of candidates) {
    const manager = await candidate.make(config, context);
    try {
      await candidate.check(manager, AbortSignal.timeout(AUTO_PROBE_MS));
      context.logger.info('runtime selected', { runtime: candidate.name, socket_path: manager.socketPath, skipped });
      return manager;
    } catch (err) {
      skipped.push(`${candidate.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  context.logger.warn('no container engine answers; using docker until one does', { skipped });
  return docker(config, context);
};

/**
 * The one place a runtime name becomes a manager. A new runtime is one more entry here (and
 * one more name in `RUNTIME_NAMES`).
 */
export const managerFactories: Record<RuntimeName, ManagerFactory> = { docker, podman, auto };

/**
 * Creates the container manager the configuration asks for. `docker` and `podman` do not contact
 * the engine, so a server starts while its engine is down and answers 503 until it is back;
 * `auto` pings to choose.
 *
 * @example
 * const manager = await createManager(loadConfig());
 */
export async function createManager(config: MikrocloudConfig, options: CreateManagerOptions = {}): Promise<ContainerManager> {
  const factory = managerFactories[config.docker.runtime];
  return factory(config, { env: options.env ?? process.env, logger: options.logger ?? silentLogger });
}
