import { ValidationError } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { buildLimitsQuery, checkBuildDefaults, policySettings } from './manager-policy.js';

describe('build defaults', () => {
  it('become the memory and CPU quota of POST /build', () => {
    expect(buildLimitsQuery({ memoryBytes: 4096 * 1024 * 1024, nanoCpus: 2e9 })).toEqual({ memory: 4294967296, cpuperiod: 100000, cpuquota: 200000 });
    expect(buildLimitsQuery({ nanoCpus: 5e8 })).toEqual({ cpuperiod: 100000, cpuquota: 50000 });
    expect(buildLimitsQuery({ network: 'none' })).toEqual({});
  });

  it('refuses numbers that are not whole and above 0, and the host network', () => {
    expect(() => checkBuildDefaults({ memoryBytes: -1 })).toThrow(ValidationError);
    expect(() => checkBuildDefaults({ network: 'host' as 'none' })).toThrow('buildDefaults.network');
  });

  it('policySettings keeps only what is set', () => {
    expect(policySettings({ pullPolicy: 'never', allowedRegistries: ['ghcr.io'] })).toEqual({ pullPolicy: 'never', allowedRegistries: ['ghcr.io'] });
  });
});
