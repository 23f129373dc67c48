import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConflictError,
  NotFoundError,
  TimeoutError,
  UnprocessableError,
  ValidationError,
  throwIfAborted,
  type CallOptions,
  type HealthyWaitResult,
  type RemovedWaitResult,
  type WaitCondition,
  type WaitOptions,
  type WaitResult,
} from '@mikrocloud/core';
import { normaliseState } from '../containers/mapping.js';
import type { EngineContainerInspect } from '../engine/types.js';
import { healthFromInspect } from './mapping.js';

/** How often a wait for `healthy` or `removed` looks at the container. */
export const WAIT_POLL_MS = 200;
const CONDITIONS = new Set<WaitCondition>(['exited', 'healthy', 'removed']);

/** What {@link waitForCondition} needs from the manager. */
export interface WaitSteps {
  /** Inspect by id (a NotFoundError once it is gone); on Podman it also runs a health check that is due. */
  inspect(id: string, options: CallOptions): Promise<EngineContainerInspect>;
  /** The engine's own wait for the container to stop. */
  waitExited(id: string, options: CallOptions): Promise<WaitResult>;
  pollMs?: number;
}

/** The checked condition and deadline of a wait (a ValidationError naming `condition` or `timeoutMs`). */
export function checkWaitOptions(options: WaitOptions): { condition: WaitCondition; timeoutMs: number | undefined } {
  const condition = options.condition ?? 'exited';
  if (!CONDITIONS.has(condition)) throw ValidationError.field('condition', 'must be one of exited, healthy, removed');
  const t = options.timeoutMs;
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t < 0)) {
    throw ValidationError.field('timeoutMs', 'must be a number of milliseconds, 0 or more');
  }
  return { condition, timeoutMs: t };
}

/**
 * Runs `run` with a signal that aborts when the caller's does (a CancelledError) or when
 * `timeoutMs` passes (a TimeoutError: `what` + ` within N ms`).
 */
export async function withDeadline<T>(
  what: string,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  throwIfAborted(signal);
  if (timeoutMs === undefined) return run(signal);
  const controller = new AbortController();
  const timedOut = new TimeoutError(`${what} within ${timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(timedOut), timeoutMs);
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    return await run(controller.signal);
  } catch (err) {
    if (controller.signal.reason === timedOut) throw timedOut;
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch {
    throwIfAborted(signal);
  }
}

/** Resolves once the container's health check passed; rejects when it cannot pass any more. */
async function untilHealthy(name: string, id: string, steps: WaitSteps, signal: AbortSignal | undefined): Promise<HealthyWaitResult> {
  for (;;) {
    const raw = await steps.inspect(id, signal ? { signal } : {});
    const health = healthFromInspect(raw);
    const state = normaliseState(raw.State?.Status);
    if (health.status === 'none') throw new UnprocessableError(`container "${name}" has no health check to wait for`);
    if (health.status === 'healthy' && state === 'running') return { condition: 'healthy', health };
    if (state === 'exited' || state === 'dead') {
      throw new ConflictError(`container "${name}" is ${state} (exit code ${raw.State?.ExitCode ?? 'unknown'}): it will not become healthy`, {
        details: { state, health },
      });
    }
    if (health.status === 'unhealthy') {
      const last = health.last_output ? `: ${health.last_output}` : '';
      throw new ConflictError(`container "${name}" is unhealthy after ${health.failing_streak ?? 0} failed checks${last}`, { details: { state, health } });
    }
    await pause(steps.pollMs ?? WAIT_POLL_MS, signal);
  }
}

async function untilRemoved(id: string, steps: WaitSteps, signal: AbortSignal | undefined): Promise<RemovedWaitResult> {
  for (;;) {
    try {
      await steps.inspect(id, signal ? { signal } : {});
    } catch (err) {
      if (err instanceof NotFoundError) return { condition: 'removed' };
      throw err;
    }
    await pause(steps.pollMs ?? WAIT_POLL_MS, signal);
  }
}

/**
 * Waits for a container (already resolved to its `id` in the manager's scope) to exit, become
 * healthy or be removed, within the deadline of `options`.
 */
export function waitForCondition(
  name: string,
  id: string,
  options: WaitOptions,
  steps: WaitSteps,
): Promise<WaitResult | HealthyWaitResult | RemovedWaitResult> {
  const { condition, timeoutMs } = checkWaitOptions(options);
  const verb = condition === 'exited' ? 'exit' : condition === 'healthy' ? 'become healthy' : 'go away';
  return withDeadline<WaitResult | HealthyWaitResult | RemovedWaitResult>(`container "${name}" did not ${verb}`, timeoutMs, options.signal, (signal) => {
    if (condition === 'healthy') return untilHealthy(name, id, steps, signal);
    if (condition === 'removed') return untilRemoved(id, steps, signal);
    return steps.waitExited(id, signal ? { signal } : {});
  });
}
