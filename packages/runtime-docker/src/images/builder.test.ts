import { describe, expect, it } from 'vitest';
import { ValidationError } from '@mikrocloud/core';
import { checkBuildDefaults } from '../manager-policy.js';
import type { EngineCalls } from '../engine/transport.js';
import { DockerBuilderChoice, builderQuery, engineHasBuildKit } from './builder.js';

describe('builder choice', () => {
  it('finds BuildKit on Linux engines from API 1.39 on', () => {
    expect(engineHasBuildKit({ Os: 'linux', ApiVersion: '1.41' })).toBe(true);
    expect(engineHasBuildKit({ Os: 'linux', ApiVersion: '1.39' })).toBe(true);
    expect(engineHasBuildKit({ Os: 'linux', ApiVersion: '1.38' })).toBe(false);
    expect(engineHasBuildKit({ Os: 'windows', ApiVersion: '1.44' })).toBe(false);
    expect(engineHasBuildKit({ Os: 'linux' })).toBe(false);
  });

  it('auto takes BuildKit only when no build limit would be dropped', async () => {
    let asked = 0;
    const calls = { call: async () => ((asked += 1), { Os: 'linux', ApiVersion: '1.44' }) } as unknown as EngineCalls;
    expect(await new DockerBuilderChoice('auto').resolve(calls)).toBe('buildkit');
    expect(await new DockerBuilderChoice('auto', true).resolve(calls)).toBe('legacy');
    expect(await new DockerBuilderChoice('buildkit', true).resolve(calls)).toBe('buildkit');
    expect(asked).toBe(1);
  });

  it('asks POST /build for the builder explicitly', () => {
    expect(builderQuery('buildkit')).toEqual({ version: '2' });
    expect(builderQuery('legacy')).toEqual({ version: '1' });
  });

  it('refuses an unknown builder in buildDefaults', () => {
    expect(checkBuildDefaults({ builder: 'legacy' })).toEqual({ builder: 'legacy' });
    expect(() => checkBuildDefaults({ builder: 'kaniko' as never })).toThrow(ValidationError);
    expect(() => checkBuildDefaults({ builder: 'kaniko' as never })).toThrow(/buildDefaults\.builder|auto, buildkit, legacy/);
  });
});
