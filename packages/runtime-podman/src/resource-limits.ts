import type { ContainerResources } from '@mikrocloud/core';
import type { QueryValue } from '@mikrocloud/runtime-docker/internal';

/** Which limits a manager asks the engine for, by cgroup controller. */
export interface WantedLimits {
  memory: boolean;
  cpu: boolean;
  pids: boolean;
}

/** The controllers `wanted` needs that the service cannot use (`host.cgroupControllers` of libpod `/info`). */
export function missingControllers(controllers: readonly string[] | undefined, wanted: WantedLimits): string[] {
  const have = new Set(controllers ?? []);
  return (['memory', 'cpu', 'pids'] as const).filter((c) => wanted[c] && !have.has(c));
}

/**
 * The `info().warnings` entry when limits are configured but the service has no cgroup
 * controller for them (rootless Podman on cgroup v1, or v2 without delegation): Podman then
 * creates containers without those limits, and a build step asked for them could not start, so
 * builds run without them.
 */
export function limitsWarning(missing: readonly string[], what: string): string | undefined {
  if (missing.length === 0) return undefined;
  return (
    `the Podman service has no cgroup controller for ${missing.join(', ')} (rootless on cgroup v1, or cgroup v2 without delegation): ` +
    `${what} run without those limits`
  );
}

/** Removes the build limits from a `POST /build` query (set by `buildDefaults`). */
export const NO_BUILD_LIMITS: Record<string, QueryValue> = { memory: undefined, cpuperiod: undefined, cpuquota: undefined };

/** The limits a container's `resources` ask for, by controller. */
export function requestedLimits(resources: ContainerResources | undefined): WantedLimits {
  return {
    memory: resources?.memory_mb !== undefined || resources?.memory_swap_mb !== undefined,
    cpu: resources?.cpus !== undefined,
    pids: resources?.pids_limit !== undefined,
  };
}
