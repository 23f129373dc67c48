import path from 'node:path';
import {
  BuildRecordSchema,
  BuildService,
  buildRequestSchema,
  builtinBuildpacks,
  createBuildpackRegistry,
  loadBuildpackModules,
  openBuildStore,
  type BuildpackRegistry,
  type SshSettings,
} from '@mikrocloud/buildpacks';
import type { ContainerManager } from '@mikrocloud/core';
import type { Hono } from 'hono';
import { ConfigError, resolveBuildDir, type MikrocloudConfig } from './config.js';
import type { Logger } from './logger.js';
import type { OpenApiPaths } from './openapi.js';
import { imageRoutes } from './routes/images.js';
import { imagesOpenApiPaths } from './routes/images-openapi.js';

/** The build side of a server: the service, its routes and their OpenAPI description. */
export interface BuildSystem {
  readonly service: BuildService;
  readonly registry: BuildpackRegistry;
  /** Mount at `/api/v1/images`. */
  readonly routes: Hono;
  readonly openapi: { paths: OpenApiPaths; schemas: Record<string, unknown> };
  /** Stops running builds and closes the record store. */
  close(): Promise<void>;
}

export interface CreateBuildSystemOptions {
  manager: ContainerManager;
  config: MikrocloudConfig;
  logger?: Logger;
  /** Relative `build.buildpacks` module paths resolve from here (the config file's folder). */
  baseDir?: string;
  shutdownSignal?: AbortSignal;
  /** The server's instance id: labelled on the images and workspaces of its builds. */
  instanceId?: string;
}

/**
 * Builds the build service the configuration describes: built-in buildpacks with the configured
 * base images, custom buildpack modules, the SQLite record store in `server.data_dir`, the queue,
 * timeout, log budget, retention and image namespace from `[build]`. Builds a crash left behind are marked failed before it returns.
 *
 * @example
 * const builds = await createBuildSystem({ manager, config });
 * const app = createApp({ manager, config, mounts: { '/api/v1/images': builds.routes }, openapi: builds.openapi });
 */
export async function createBuildSystem(options: CreateBuildSystemOptions): Promise<BuildSystem> {
  const { manager, config, logger } = options;
  const build = config.build;
  const registry = createBuildpackRegistry(builtinBuildpacks({ baseImages: build.base_images }));
  await loadBuildpackModules(registry, build.buildpacks, options.baseDir ?? process.cwd());
  const store = openBuildStore(config.server.data_dir);
  const service = new BuildService({
    manager,
    registry,
    store,
    buildDir: resolveBuildDir(config),
    concurrency: build.concurrency,
    maxQueue: build.max_queue,
    maxLogBytes: build.max_log_bytes,
    retention: { maxCount: build.retention_count, maxAgeDays: build.retention_days },
    ...(build.image_namespace !== undefined ? { imageNamespace: build.image_namespace } : {}),
    timeoutMs: build.timeout_seconds * 1000,
    allowedProtocols: build.allowed_git_protocols,
    cloneTimeoutMs: build.clone_timeout_seconds * 1000,
    maxRepoBytes: build.max_repo_bytes,
    ...(build.github_token
      ? { github: { token: build.github_token, apiBaseUrl: build.github_api_url, commitStatus: build.github_commit_status } }
      : {}),
    allowedGitHosts: build.allowed_git_hosts,
    ...sshSettings(config, options.baseDir ?? process.cwd()),
    nixpacksCli: build.nixpacks_cli,
    nixpacksUser: build.nixpacks_user,
    ...(logger ? { logger } : {}),
    ...(options.instanceId !== undefined ? { instanceId: options.instanceId } : {}),
  });
  try {
    await service.start();
  } catch (err) {
    store.close();
    throw err;
  }
  return {
    service,
    registry,
    routes: imageRoutes(service, options.shutdownSignal ? { shutdownSignal: options.shutdownSignal } : {}),
    openapi: {
      paths: imagesOpenApiPaths(),
      schemas: { BuildRequest: buildRequestSchema(registry), BuildRecord: BuildRecordSchema },
    },
    async close() {
      await service.close();
      store.close();
    },
  };
}

/**
 * `[build] ssh_key_file` and `ssh_known_hosts_file` as the service's `ssh` option (relative paths
 * from `baseDir`): both or neither, else a ConfigError naming the missing key.
 */
export function sshSettings(config: MikrocloudConfig, baseDir: string): { ssh?: SshSettings } {
  const { ssh_key_file: keyFile, ssh_known_hosts_file: knownHostsFile } = config.build;
  if (!keyFile && !knownHostsFile) return {};
  if (!keyFile || !knownHostsFile) {
    const [missing, given] = keyFile ? ['ssh_known_hosts_file', 'ssh_key_file'] : ['ssh_key_file', 'ssh_known_hosts_file'];
    throw new ConfigError('build', [{ field: `build.${missing}`, message: `is required when build.${given} is set (ssh clones check host keys strictly)` }]);
  }
  return { ssh: { keyFile: path.resolve(baseDir, keyFile), knownHostsFile: path.resolve(baseDir, knownHostsFile) } };
}

/** The folder relative buildpack module paths resolve from: the config file's, else the working directory. */
export function buildpackBaseDir(configFile: string | undefined, cwd = process.cwd()): string {
  return configFile ? path.dirname(path.resolve(cwd, configFile)) : cwd;
}
