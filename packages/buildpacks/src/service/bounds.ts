import type { PruneOptions } from '../records/build-store.js';
import { DEFAULT_MAX_LOG_BYTES } from '../records/log-budget.js';

/** Which finished builds the service keeps (records and logs); queued and running ones are always kept. */
export interface BuildRetention {
  /** Finished builds kept, newest first. Default 1000; `Infinity` keeps any number. */
  maxCount?: number;
  /** Finished builds older than this many days are deleted. Default 30; `Infinity` keeps any age. */
  maxAgeDays?: number;
}

/** The defaults of the service's bounds. */
export const BUILD_SERVICE_DEFAULTS = {
  concurrency: 2,
  timeoutMs: 30 * 60_000,
  maxQueue: 64,
  maxLogBytes: DEFAULT_MAX_LOG_BYTES,
  retention: { maxCount: 1000, maxAgeDays: 30 },
} as const;

/** The bounds of a service, checked and with their defaults applied. */
export interface ServiceBounds {
  concurrency: number;
  timeoutMs: number;
  maxQueue: number;
  maxLogBytes: number;
  retention: Required<BuildRetention>;
}

function count(value: number | undefined, fallback: number, name: string, min: number, infinite = false): number {
  if (value === undefined) return fallback;
  if (infinite && value === Infinity) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer of at least ${min}${infinite ? ' (or Infinity)' : ''}, not ${String(value)}`);
  }
  return value;
}

/** Applies the defaults to a service's bounds; a TypeError names an option that makes no sense. */
export function resolveServiceBounds(options: {
  concurrency?: number;
  timeoutMs?: number;
  maxQueue?: number;
  maxLogBytes?: number;
  retention?: BuildRetention;
}): ServiceBounds {
  const d = BUILD_SERVICE_DEFAULTS;
  const maxAgeDays = options.retention?.maxAgeDays ?? d.retention.maxAgeDays;
  if (typeof maxAgeDays !== 'number' || Number.isNaN(maxAgeDays) || maxAgeDays < 0) {
    throw new TypeError(`retention.maxAgeDays must be a number of days of at least 0 (or Infinity), not ${String(maxAgeDays)}`);
  }
  return {
    // Concurrency below 1 has always meant 1.
    concurrency: Math.max(1, options.concurrency ?? d.concurrency),
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    maxQueue: count(options.maxQueue, d.maxQueue, 'maxQueue', 0),
    maxLogBytes: count(options.maxLogBytes, d.maxLogBytes, 'maxLogBytes', 1),
    retention: { maxCount: count(options.retention?.maxCount, d.retention.maxCount, 'retention.maxCount', 0, true), maxAgeDays },
  };
}

/** What the store prunes under `retention` at `now`. */
export function pruneOptionsOf(retention: Required<BuildRetention>, now = new Date()): PruneOptions {
  const ageMs = retention.maxAgeDays * 24 * 60 * 60 * 1000;
  return {
    maxCount: Number.isFinite(retention.maxCount) ? retention.maxCount : Number.MAX_SAFE_INTEGER,
    olderThan: Number.isFinite(ageMs) ? new Date(now.getTime() - ageMs) : new Date(0),
  };
}

/**
 * When to try again once the queue is full: about the time one queue place frees up, that is one
 * average build spread over the slots that run at once (10 s without history), 1 s to 10 minutes.
 */
export function retryAfterSeconds(averageBuildMs: number | undefined, concurrency: number): number {
  const seconds = averageBuildMs === undefined ? 10 : averageBuildMs / 1000 / Math.max(1, concurrency);
  return Math.min(600, Math.max(1, Math.ceil(seconds)));
}
