import { ValidationError, type RegistryCredentialStore } from '@mikrocloud/core';
import type { ContainerDefaults } from './containers/defaults.js';
import type { PullPolicy } from './images/policy.js';
import { DOCKER_BUILDERS, type DockerBuilder } from './images/builder.js';

/** Limits and network of every build a manager runs. */
export interface BuildDefaults {
  /** The steps' network: `bridge` (default) or `none`; never the host's. */
  network?: 'bridge' | 'none';
  /** Memory limit of build steps, in bytes (`POST /build` `memory`). */
  memoryBytes?: number;
  /** CPU limit of build steps: CPUs × 1e9 (`POST /build` `cpuperiod`/`cpuquota`). */
  nanoCpus?: number;
  /**
   * Docker Engine's builder: `auto` (default) BuildKit where the engine has it and neither
   * `memoryBytes` nor `nanoCpus` is set (Docker Engine's BuildKit does not apply them), else the
   * legacy builder; `buildkit` or `legacy` to insist (`buildkit` drops the limits). Podman always
   * builds with buildah and ignores it.
   */
  builder?: DockerBuilder;
}

/**
 * What an operator decides about a manager: container and build limits, pulls, registries and
 * tags. Shared by the Docker and Podman managers' options.
 */
export interface ManagerPolicyOptions {
  /** Memory, CPU and pids limits and the published ports' bind address of every created container. */
  containerDefaults?: ContainerDefaults;
  /** See {@link BuildDefaults}. */
  buildDefaults?: BuildDefaults;
  /**
   * When `create` pulls: `missing` (default) pulls an image missing locally, `never` answers a
   * NotFoundError, `always` pulls before every create. Overrides `pullMissingImages`.
   */
  pullPolicy?: PullPolicy;
  /** Registry hosts images may be pulled from (`docker.io` for Docker Hub). Empty or absent: any. */
  allowedRegistries?: readonly string[];
  /** Let a build overwrite a local tag whose image lacks the build label. Default false (409). */
  allowForeignTags?: boolean;
  /**
   * Host directories bind mounts may come from (absolute, not `/`). A bind source must lie under
   * one of them as written and once its symbolic links are resolved. Empty or absent: every bind
   * mount is refused (a ValidationError naming `mounts.N.source`).
   */
  allowedBindRoots?: readonly string[];
  /**
   * Registry credentials for pulls and pushes that bring none (and for pulls on create), by the
   * image's registry host. See `loadDockerConfigCredentials`.
   */
  credentials?: RegistryCredentialStore;
}

/** The build query's limits: `memory`, and a quota of `cpuperiod` µs per 100 ms period. */
export function buildLimitsQuery(defaults: BuildDefaults): { memory?: number; cpuperiod?: number; cpuquota?: number } {
  const out: { memory?: number; cpuperiod?: number; cpuquota?: number } = {};
  if (defaults.memoryBytes !== undefined) out.memory = defaults.memoryBytes;
  if (defaults.nanoCpus !== undefined) {
    out.cpuperiod = 100_000;
    out.cpuquota = Math.max(1000, Math.round(defaults.nanoCpus / 10_000));
  }
  return out;
}

/** Checks the numbers of {@link BuildDefaults}; returns a copy. */
export function checkBuildDefaults(defaults: BuildDefaults | undefined): BuildDefaults {
  const d = { ...(defaults ?? {}) };
  for (const field of ['memoryBytes', 'nanoCpus'] as const) {
    const value = d[field];
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw ValidationError.field(`buildDefaults.${field}`, 'must be a whole number above 0');
    }
  }
  if (d.builder !== undefined && !DOCKER_BUILDERS.includes(d.builder)) {
    throw ValidationError.field('buildDefaults.builder', `must be one of ${DOCKER_BUILDERS.join(', ')}`);
  }
  if (d.network !== undefined && d.network !== 'bridge' && d.network !== 'none') {
    throw ValidationError.field('buildDefaults.network', 'must be bridge or none');
  }
  return d;
}

/** The {@link ManagerPolicyOptions} that are set, as `EngineApiSettings` fields. */
export function policySettings(options: ManagerPolicyOptions): ManagerPolicyOptions {
  const out: ManagerPolicyOptions = {};
  if (options.containerDefaults !== undefined) out.containerDefaults = options.containerDefaults;
  if (options.buildDefaults !== undefined) out.buildDefaults = options.buildDefaults;
  if (options.pullPolicy !== undefined) out.pullPolicy = options.pullPolicy;
  if (options.allowedRegistries !== undefined) out.allowedRegistries = options.allowedRegistries;
  if (options.allowForeignTags !== undefined) out.allowForeignTags = options.allowForeignTags;
  if (options.allowedBindRoots !== undefined) out.allowedBindRoots = options.allowedBindRoots;
  if (options.credentials !== undefined) out.credentials = options.credentials;
  return out;
}
