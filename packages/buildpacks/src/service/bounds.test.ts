import { describe, expect, it } from 'vitest';
import { isTruncationLine, LogBudget, truncationLine } from '../records/log-budget.js';
import { BUILD_SERVICE_DEFAULTS, pruneOptionsOf, resolveServiceBounds, retryAfterSeconds } from './bounds.js';
import { JobQueue } from './job-queue.js';

describe('service bounds', () => {
  it('applies the documented defaults', () => {
    expect(resolveServiceBounds({})).toEqual({
      concurrency: 2,
      timeoutMs: 30 * 60_000,
      maxQueue: 64,
      maxLogBytes: 16 * 1024 * 1024,
      retention: { maxCount: 1000, maxAgeDays: 30 },
    });
    expect(BUILD_SERVICE_DEFAULTS.maxQueue).toBe(64);
    expect(resolveServiceBounds({ maxQueue: 0, retention: { maxCount: Infinity, maxAgeDays: 0.5 } })).toMatchObject({ maxQueue: 0, retention: { maxCount: Infinity, maxAgeDays: 0.5 } });
  });

  it('refuses bounds that make no sense', () => {
    expect(() => resolveServiceBounds({ maxQueue: -1 })).toThrow(/maxQueue/);
    expect(() => resolveServiceBounds({ maxQueue: 1.5 })).toThrow(/maxQueue/);
    expect(() => resolveServiceBounds({ maxLogBytes: 0 })).toThrow(/maxLogBytes/);
    expect(() => resolveServiceBounds({ maxLogBytes: Infinity })).toThrow(/maxLogBytes/);
    expect(() => resolveServiceBounds({ retention: { maxCount: -3 } })).toThrow(/retention.maxCount/);
    expect(() => resolveServiceBounds({ retention: { maxAgeDays: Number.NaN } })).toThrow(/retention.maxAgeDays/);
  });

  it('prunes by count and age, with Infinity keeping everything', () => {
    const now = new Date('2026-11-29T12:00:00.000Z');
    expect(pruneOptionsOf({ maxCount: 10, maxAgeDays: 30 }, now)).toEqual({ maxCount: 10, olderThan: new Date('2026-10-30T12:00:00.000Z') });
    expect(pruneOptionsOf({ maxCount: Infinity, maxAgeDays: Infinity }, now)).toEqual({ maxCount: Number.MAX_SAFE_INTEGER, olderThan: new Date(0) });
  });

  it('suggests a retry after about one average build per slot', () => {
    expect(retryAfterSeconds(undefined, 2)).toBe(10);
    expect(retryAfterSeconds(60_000, 2)).toBe(30);
    expect(retryAfterSeconds(10, 4)).toBe(1);
    expect(retryAfterSeconds(24 * 3600_000, 1)).toBe(600);
  });
});

describe('LogBudget', () => {
  it('keeps lines within the budget, then one truncation line, then nothing', () => {
    const budget = new LogBudget(10);
    expect(budget.admit('abcd')).toBe('abcd'); // 5 bytes with its newline
    expect(budget.admit('é')).toBe('é'); // 3 bytes
    expect(budget.admit('xy')).toBe(truncationLine(8)); // would make 11
    expect(budget.truncated).toBe(true);
    expect(budget.admit('z')).toBeUndefined();
    expect(truncationLine(8)).toBe('[mikrocloud] log truncated after 8 bytes');
    expect(isTruncationLine(truncationLine(8))).toBe(true);
    expect(isTruncationLine('[mikrocloud] log truncated after many bytes')).toBe(false);
    expect(isTruncationLine(undefined)).toBe(false);
  });
});

describe('JobQueue', () => {
  it('runs at most `concurrency` jobs, FIFO, and is full when a job would wait past the bound', async () => {
    const queue = new JobQueue(1, 1);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const job = (id: string) => () =>
      new Promise<void>((resolve) => {
        order.push(id);
        gates.set(id, resolve);
      });
    expect(queue.full).toBe(false);
    queue.push('a', job('a'));
    expect(queue.full).toBe(false);
    queue.push('b', job('b'));
    expect(queue.full).toBe(true);
    expect(queue.waitingIds()).toEqual(['b']);
    expect(queue.remove('a')).toBe(false); // running, not waiting
    expect(queue.remove('b')).toBe(true);
    queue.push('c', job('c'));
    gates.get('a')!();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['a', 'c']);
    expect(queue.waitingCount).toBe(0);
    gates.get('c')!();
  });

  it('with no waiting room still runs a job when a slot is free', () => {
    const queue = new JobQueue(2, 0);
    queue.push('a', () => new Promise(() => {}));
    expect(queue.full).toBe(false);
    queue.push('b', () => new Promise(() => {}));
    expect(queue.full).toBe(true);
  });
});
