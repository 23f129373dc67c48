import type { ContainerHealth, HealthCheck, HealthStatus } from '@mikrocloud/core';
import type { EngineContainerInspect, EngineHealthConfig } from '../engine/types.js';

const SECOND_NS = 1e9;
/** The most of a check's output an answer carries (engines keep 4 KiB). */
const MAX_OUTPUT = 4096;

/** `healthcheck` → the engine's `Healthcheck`: the argv as `["CMD", ...argv]`, seconds as nanoseconds. */
export function toEngineHealthcheck(check: HealthCheck): EngineHealthConfig {
  return {
    Test: ['CMD', ...check.test],
    ...(check.interval_seconds === undefined ? {} : { Interval: check.interval_seconds * SECOND_NS }),
    ...(check.timeout_seconds === undefined ? {} : { Timeout: check.timeout_seconds * SECOND_NS }),
    ...(check.retries === undefined ? {} : { Retries: check.retries }),
    ...(check.start_period_seconds === undefined ? {} : { StartPeriod: check.start_period_seconds * SECOND_NS }),
  };
}

/** Whether a container's configuration has a health check (`NONE` disables an image's one). */
export function hasHealthcheck(config: EngineHealthConfig | null | undefined): boolean {
  const first = config?.Test?.[0];
  return first !== undefined && first !== 'NONE';
}

function statusOf(text: string | undefined, configured: boolean): HealthStatus {
  if (!configured) return 'none';
  if (text === 'healthy' || text === 'unhealthy' || text === 'starting') return text;
  return 'starting';
}

/** The health from an inspect answer: status, failing streak and the last check's exit code and output. */
export function healthFromInspect(c: EngineContainerInspect): ContainerHealth {
  const configured = hasHealthcheck(c.Config?.Healthcheck);
  const health = c.State?.Health;
  const status = statusOf(health?.Status, configured);
  if (status === 'none') return { status };
  const last = health?.Log?.at(-1);
  return {
    status,
    failing_streak: health?.FailingStreak ?? 0,
    ...(last?.ExitCode === undefined ? {} : { last_exit_code: last.ExitCode }),
    ...(last?.Output === undefined ? {} : { last_output: last.Output.replace(/\n$/, '').slice(0, MAX_OUTPUT) }),
  };
}

/** Docker's list `Status`: `Up 3 minutes (healthy)`, `(health: starting)`, `(unhealthy)`. */
export function healthFromListStatus(status: string | undefined): ContainerHealth {
  const match = /\((healthy|unhealthy|health: starting)\)\s*$/.exec(status ?? '');
  if (!match) return { status: 'none' };
  return { status: match[1] === 'health: starting' ? 'starting' : (match[1] as 'healthy' | 'unhealthy') };
}
