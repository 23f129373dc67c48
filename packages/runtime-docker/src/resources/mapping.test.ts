import { describe, expect, it } from 'vitest';
import { applyContainerLimits } from '../containers/defaults.js';
import type { EngineCreateBody } from '../engine/types.js';
import { appliedResources, applyResources } from './mapping.js';

const MIB = 1024 * 1024;
const body = (): EngineCreateBody => ({ Image: 'x', Labels: {}, ExposedPorts: {}, HostConfig: { PortBindings: {} } });

describe('applyResources', () => {
  it('sets memory, swap, CPUs and pids in the engine units', () => {
    const host = applyResources(body(), { memory_mb: 64, memory_swap_mb: 128, cpus: 0.5, pids_limit: 32 }).HostConfig;
    expect(host).toMatchObject({ Memory: 64 * MIB, MemorySwap: 128 * MIB, NanoCpus: 500_000_000, PidsLimit: 32 });
    expect(applyResources(body(), { memory_mb: 64, memory_swap_mb: -1 }).HostConfig.MemorySwap).toBe(-1);
  });

  it('wins over the manager defaults, which fill only what the request left out', () => {
    const withRequest = applyContainerLimits(applyResources(body(), { memory_mb: 64 }), { memoryBytes: 512 * MIB, nanoCpus: 2e9, pidsLimit: 100 });
    expect(withRequest.HostConfig).toMatchObject({ Memory: 64 * MIB, NanoCpus: 2e9, PidsLimit: 100 });
    expect(applyContainerLimits(body(), {}).HostConfig).toEqual({ PortBindings: {} });
  });
});

describe('appliedResources', () => {
  it('reads the limits back, null where there is none', () => {
    expect(appliedResources({ Memory: 64 * MIB, MemorySwap: 128 * MIB, NanoCpus: 1.5e9, PidsLimit: 64 })).toEqual({ memory_mb: 64, memory_swap_mb: 128, cpus: 1.5, pids_limit: 64 });
    expect(appliedResources({ Memory: 0, MemorySwap: 0, NanoCpus: 0, PidsLimit: 0 })).toEqual({ memory_mb: null, memory_swap_mb: null, cpus: null, pids_limit: null });
    expect(appliedResources(undefined)).toEqual({ memory_mb: null, memory_swap_mb: null, cpus: null, pids_limit: null });
    expect(appliedResources({ Memory: 64 * MIB, MemorySwap: -1, PidsLimit: -1 })).toMatchObject({ memory_swap_mb: -1, pids_limit: null });
  });

  it('reads CPUs from the CFS quota when NanoCpus is not set', () => {
    expect(appliedResources({ CpuQuota: 50_000, CpuPeriod: 100_000 }).cpus).toBe(0.5);
  });
});
