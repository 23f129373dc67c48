import { silentLogger, type ContainerManager, type Logger } from '@mikrocloud/core';
import { createContainerManager, type CreateContainerManagerOptions } from '@mikrocloud/runtime';
import type { MikrocloudConfig } from './config.js';
import { loadRegistryCredentials } from './registry-credentials.js';

export interface CreateManagerOptions {
  /** Environment the manager reads (DOCKER_HOST, CONTAINER_HOST, XDG_RUNTIME_DIR). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Receives warnings (a rootless mismatch, which engine `auto` picked and why). Default: silent. */
  logger?: Logger;
  /** Labels put on everything the manager creates, besides mikrocloud's own. */
  labels?: Record<string, string>;
  /**
   * The server's instance id (`readOrCreateInstanceId`): with `[server] scope = "instance"`
   * the manager labels what it creates with it and sees only containers carrying it.
   */
  instanceId?: string;
}

const MIB = 1024 * 1024;

/**
 * The manager options `[docker]` and `[build]` decide: container and build limits, pull policy,
 * registries, foreign tags, bind roots, the build network, Docker's builder and Podman's unconfined mounts.
 */
export function managerPolicy(config: MikrocloudConfig): Omit<CreateContainerManagerOptions, 'runtime'> {
  const { docker, build } = config;
  return {
    containerDefaults: {
      memoryBytes: Math.round(docker.default_memory_mb * MIB),
      nanoCpus: Math.round(docker.default_cpus * 1e9),
      pidsLimit: docker.default_pids_limit,
      ...(docker.default_host_ip ? { hostIp: docker.default_host_ip } : {}),
    },
    buildDefaults: {
      network: build.network,
      builder: build.builder,
      memoryBytes: Math.round(build.memory_mb * MIB),
      nanoCpus: Math.round(build.cpus * 1e9),
    },
    pullPolicy: docker.pull_policy,
    allowedRegistries: docker.allowed_registries,
    allowForeignTags: build.allow_foreign_tags,
    allowUnconfinedMounts: build.allow_unconfined_mounts,
    allowedBindRoots: docker.allowed_bind_roots,
  };
}

/** The keys by which `[docker]` and each `[[engines]]` table say how an engine is reached by URL. */
export type EngineHostSettings = Pick<MikrocloudConfig['docker'], 'tls_ca_file' | 'tls_cert_file' | 'tls_key_file' | 'ssh_key_file' | 'ssh_known_hosts_file'> & {
  host: string;
  allow_plain_tcp?: boolean | undefined;
};

/** The manager options of an engine URL with its TLS or ssh files (each checked when the configuration was loaded); `source` names the key in messages. */
export function hostConnection(settings: EngineHostSettings, source: string): Pick<CreateContainerManagerOptions, 'host' | 'hostSource' | 'tls' | 'ssh' | 'allowPlainTcp'> {
  return {
    host: settings.host,
    hostSource: source,
    ...(settings.tls_ca_file && settings.tls_cert_file && settings.tls_key_file
      ? { tls: { caFile: settings.tls_ca_file, certFile: settings.tls_cert_file, keyFile: settings.tls_key_file } }
      : {}),
    ssh: {
      ...(settings.ssh_key_file ? { keyFile: settings.ssh_key_file } : {}),
      ...(settings.ssh_known_hosts_file ? { knownHostsFile: settings.ssh_known_hosts_file } : {}),
    },
    allowPlainTcp: settings.allow_plain_tcp ?? false,
  };
}

/**
 * How `[docker]` reaches a remote engine: `host` with its TLS or ssh files (each checked when the
 * configuration was loaded). Nothing when `host` is absent.
 */
export function engineConnection(config: MikrocloudConfig): Pick<CreateContainerManagerOptions, 'host' | 'hostSource' | 'tls' | 'ssh' | 'allowPlainTcp'> {
  const { docker } = config;
  return docker.host ? hostConnection({ ...docker, host: docker.host }, 'docker.host') : {};
}

/** How long `auto` waits for each engine before trying the next. */
const AUTO_PROBE_MS = 3000;

/**
 * Creates the container manager the configuration asks for, through `@mikrocloud/runtime`'s
 * `createContainerManager` (the one place a runtime name becomes a manager). `docker` and
 * `podman` do not contact the engine, so a server starts while its engine is down and answers
 * 503 until it is back; `auto` walks the discovery chain and, when nothing answers, uses Docker
 * until an engine appears. `[server] scope` and `expose_unmanaged` decide which containers it sees;
 * `[docker] registry_auth_file` gives it registry credentials (refused at start unless private).
 *
 * @example
 * const manager = await createManager(loadConfig());
 */
export async function createManager(config: MikrocloudConfig, options: CreateManagerOptions = {}): Promise<ContainerManager> {
  const credentials = await loadRegistryCredentials(config);
  return createContainerManager({
    ...sharedManagerOptions(config, options, credentials),
    runtime: config.docker.runtime,
    ...(config.docker.socket_path ? { socketPath: config.docker.socket_path, socketPathSource: 'docker.socket_path' } : {}),
    ...engineConnection(config),
    configuredRootless: config.docker.rootless,
    fallback: 'docker',
    pingTimeoutMs: AUTO_PROBE_MS,
  });
}

/** What every manager of one server shares, whichever engine it drives: policy, scope, labels, credentials. */
export function sharedManagerOptions(
  config: MikrocloudConfig,
  options: CreateManagerOptions,
  credentials: CreateContainerManagerOptions['credentials'],
): Omit<CreateContainerManagerOptions, 'runtime'> {
  return {
    ...(credentials ? { credentials } : {}),
    env: options.env ?? process.env,
    logger: options.logger ?? silentLogger,
    ...(options.labels ? { labels: options.labels } : {}),
    ...(config.server.scope === 'instance' && options.instanceId !== undefined ? { instanceId: options.instanceId } : {}),
    ...(config.server.expose_unmanaged ? { includeUnmanaged: true } : {}),
    ...managerPolicy(config),
  };
}
