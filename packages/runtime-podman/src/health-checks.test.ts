import { describe, expect, it } from 'vitest';
import { healthCheckDue, podmanHealthTest } from './health-checks.js';

describe('podmanHealthTest', () => {
  it('sends CMD argv when no argument holds whitespace', () => {
    expect(podmanHealthTest({ test: ['wget', '-q', 'http://127.0.0.1/'] })).toEqual(['CMD', 'wget', '-q', 'http://127.0.0.1/']);
  });

  it('sends a JSON array, which Podman keeps whole, when one does', () => {
    expect(podmanHealthTest({ test: ['sh', '-c', 'echo a; exit 0'] })).toEqual(['["sh","-c","echo a; exit 0"]']);
  });

  it('refuses a one-word command with whitespace, naming the field', () => {
    expect(() => podmanHealthTest({ test: ['my check'] })).toThrow(/healthcheck\.test\.0/);
  });
});

describe('healthCheckDue', () => {
  const base = {
    Id: 'x',
    Config: { Healthcheck: { Test: ['CMD', 'true'], Interval: 2e9 } },
    State: { Status: 'running', StartedAt: '2026-11-29T10:00:00Z' },
  };
  const at = (iso: string) => Date.parse(iso);

  it('is due an interval after the start, then an interval after the last check', () => {
    expect(healthCheckDue(base, at('2026-11-29T10:00:01Z'))).toBe(false);
    expect(healthCheckDue(base, at('2026-11-29T10:00:02Z'))).toBe(true);
    const checked = { ...base, State: { ...base.State, Health: { Log: [{ End: '2026-11-29T10:00:05.123456789Z' }] } } };
    expect(healthCheckDue(checked, at('2026-11-29T10:00:06Z'))).toBe(false);
    expect(healthCheckDue(checked, at('2026-11-29T10:00:07.2Z'))).toBe(true);
  });

  it('is never due without a check or while not running', () => {
    expect(healthCheckDue({ Id: 'x', State: { Status: 'running' } })).toBe(false);
    expect(healthCheckDue({ ...base, State: { Status: 'exited' } })).toBe(false);
    expect(healthCheckDue({ ...base, Config: { Healthcheck: { Test: ['NONE'] } } })).toBe(false);
  });
});
