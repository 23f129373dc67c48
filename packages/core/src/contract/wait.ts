import type { CallOptions } from '../container-manager.js';
import type { WaitResult } from '../schemas/container.js';
import type { HealthyWaitResult, RemovedWaitResult, WaitCondition } from '../schemas/health.js';

/** Options of {@link ContainerManager.wait}. */
export interface WaitOptions<C extends WaitCondition = WaitCondition> extends CallOptions {
  /**
   * `exited` (default): until the container stops, answering its exit code. `healthy`: until its
   * health check passes; rejects with a ConflictError when it exits or turns unhealthy first, and
   * with an UnprocessableError when it has no health check. `removed`: until it is gone.
   */
  condition?: C;
  /** Give up after this many milliseconds with a TimeoutError. Default: no deadline. */
  timeoutMs?: number;
}

/** What a wait for each condition answers. */
export type WaitAnswer<C extends WaitCondition> = C extends 'healthy' ? HealthyWaitResult : C extends 'removed' ? RemovedWaitResult : WaitResult;
