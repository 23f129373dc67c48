import { describe, expect, it } from 'vitest';
import { limitsWarning, missingControllers } from './resource-limits.js';

describe('resource limits on Podman', () => {
  it('names the controllers the service lacks for the limits asked for', () => {
    expect(missingControllers([], { memory: true, cpu: true, pids: false })).toEqual(['memory', 'cpu']);
    expect(missingControllers(['memory', 'cpu', 'pids'], { memory: true, cpu: true, pids: true })).toEqual([]);
    expect(missingControllers(undefined, { memory: false, cpu: false, pids: false })).toEqual([]);
  });

  it('warns only when something is missing', () => {
    expect(limitsWarning([], 'containers')).toBeUndefined();
    expect(limitsWarning(['pids'], 'containers')).toMatch(/no cgroup controller for pids .*containers run without those limits/);
  });
});
