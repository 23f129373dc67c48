import type { ContainerManager } from '@mikrocloud/core';

/** Whether the engine answers, asked at most once per `ttlMs` however many callers ask. */
export interface EngineProbe {
  /** True when the engine answered a ping within the last `ttlMs` (or answers one now). */
  reachable(): Promise<boolean>;
  /** Drops a remembered answer: the next call pings again (called when a route saw the engine fail). */
  forget(): void;
}

export interface EngineProbeOptions {
  /** How long a successful ping counts. Default 1 s. Failures are never remembered. */
  ttlMs?: number;
  /** How long a ping may take before the engine counts as unreachable. Default 3 s. */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Shares engine pings between callers. A load balancer hammering `/health` then costs the engine
 * one ping a second instead of one per request, while an outage is still seen at once: failures
 * are not remembered, and routes that meet an unreachable engine call {@link EngineProbe.forget}.
 */
export function createEngineProbe(manager: ContainerManager, options: EngineProbeOptions = {}): EngineProbe {
  const ttlMs = options.ttlMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 3000;
  const now = options.now ?? Date.now;
  let answeredAt: number | undefined;
  let inFlight: Promise<boolean> | undefined;
  let generation = 0;

  return {
    reachable() {
      if (answeredAt !== undefined && now() - answeredAt < ttlMs) return Promise.resolve(true);
      if (inFlight) return inFlight;
      const asked = generation;
      inFlight = manager.ping({ signal: AbortSignal.timeout(timeoutMs) }).then(
        () => {
          // A forget() while this ping was out means someone saw the engine fail since: don't overrule it.
          if (asked === generation) answeredAt = now();
          return true;
        },
        () => {
          answeredAt = undefined;
          return false;
        },
      );
      void inFlight.finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    forget() {
      generation += 1;
      answeredAt = undefined;
    },
  };
}
