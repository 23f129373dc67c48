import { describe, expect, it } from 'vitest';
import { healthFromInspect, healthFromListStatus, toEngineHealthcheck } from './mapping.js';

describe('toEngineHealthcheck', () => {
  it('sends the argv as CMD and seconds as nanoseconds', () => {
    expect(toEngineHealthcheck({ test: ['sh', '-c', 'a b'], interval_seconds: 2, timeout_seconds: 3, retries: 4, start_period_seconds: 5 })).toEqual({
      Test: ['CMD', 'sh', '-c', 'a b'],
      Interval: 2e9,
      Timeout: 3e9,
      Retries: 4,
      StartPeriod: 5e9,
    });
    expect(toEngineHealthcheck({ test: ['true'] })).toEqual({ Test: ['CMD', 'true'] });
  });
});

describe('healthFromInspect', () => {
  it('is none without a health check, or with NONE', () => {
    expect(healthFromInspect({ Id: 'x' })).toEqual({ status: 'none' });
    expect(healthFromInspect({ Id: 'x', Config: { Healthcheck: { Test: ['NONE'] } }, State: { Health: { Status: 'healthy' } } })).toEqual({ status: 'none' });
  });

  it('reports status, streak and the last check', () => {
    const c = {
      Id: 'x',
      Config: { Healthcheck: { Test: ['CMD', 'true'] } },
      State: { Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ ExitCode: 0, Output: 'ok\n' }, { ExitCode: 1, Output: 'down\n' }] } },
    };
    expect(healthFromInspect(c)).toEqual({ status: 'unhealthy', failing_streak: 3, last_exit_code: 1, last_output: 'down' });
    expect(healthFromInspect({ Id: 'x', Config: c.Config, State: { Health: { Status: '' } } })).toEqual({ status: 'starting', failing_streak: 0 });
  });
});

describe('healthFromListStatus', () => {
  it("reads Docker's list status", () => {
    expect(healthFromListStatus('Up 3 minutes (healthy)')).toEqual({ status: 'healthy' });
    expect(healthFromListStatus('Up 1 second (health: starting)')).toEqual({ status: 'starting' });
    expect(healthFromListStatus('Up 2 hours (unhealthy)')).toEqual({ status: 'unhealthy' });
    expect(healthFromListStatus('Up 2 hours')).toEqual({ status: 'none' });
    expect(healthFromListStatus(undefined)).toEqual({ status: 'none' });
  });
});
