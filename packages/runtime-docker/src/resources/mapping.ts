import type { AppliedResources, ContainerResources } from '@mikrocloud/core';
import type { EngineCreateBody, EngineResourceFields } from '../engine/types.js';

const MIB = 1024 * 1024;

/** Puts the requested limits on a create body (before the manager's defaults fill the rest). */
export function applyResources(body: EngineCreateBody, resources: ContainerResources | undefined): EngineCreateBody {
  if (!resources) return body;
  const host = body.HostConfig;
  if (resources.memory_mb !== undefined) host.Memory = resources.memory_mb * MIB;
  if (resources.memory_swap_mb !== undefined) host.MemorySwap = resources.memory_swap_mb === -1 ? -1 : resources.memory_swap_mb * MIB;
  if (resources.cpus !== undefined) host.NanoCpus = Math.round(resources.cpus * 1e9);
  if (resources.pids_limit !== undefined) host.PidsLimit = resources.pids_limit;
  return body;
}

const positive = (n: number | null | undefined): n is number => typeof n === 'number' && n > 0;

/**
 * The limits as the engine applied them (`HostConfig`). CPUs come from `NanoCpus`, or from the
 * CFS quota and period an engine reports instead; a limit the engine dropped reads as null.
 */
export function appliedResources(host: EngineResourceFields | null | undefined): AppliedResources {
  const h = host ?? {};
  let cpus: number | null = null;
  if (positive(h.NanoCpus)) cpus = h.NanoCpus / 1e9;
  else if (positive(h.CpuQuota) && positive(h.CpuPeriod)) cpus = h.CpuQuota / h.CpuPeriod;
  return {
    memory_mb: positive(h.Memory) ? Math.round(h.Memory / MIB) : null,
    memory_swap_mb: h.MemorySwap === -1 ? -1 : positive(h.MemorySwap) && positive(h.Memory) ? Math.round(h.MemorySwap / MIB) : null,
    cpus: cpus === null ? null : Math.round(cpus * 1000) / 1000,
    pids_limit: positive(h.PidsLimit) ? h.PidsLimit : null,
  };
}
