import type { LogLine } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { parseLogPosition, positionedLines, timestampNanos } from './log-resume.js';

async function* from(lines: LogLine[]): AsyncGenerator<LogLine> {
  yield* lines;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const line = (timestamp: string, text: string): LogLine => ({ stream: 'stdout', line: text, timestamp });

describe('container log positions', () => {
  it('reads engine timestamps to the nanosecond, whole seconds and offsets included', () => {
    expect(timestampNanos('2026-01-02T03:04:05.123456789Z')).toBe(1767323045123456789n);
    expect(timestampNanos('2026-01-02T03:04:05Z')).toBe(1767323045000000000n);
    expect(timestampNanos('2026-01-02T04:04:05.5+01:00')).toBe(1767323045500000000n);
    expect(timestampNanos('yesterday')).toBeUndefined();
    expect(parseLogPosition('2026-01-02T03:04:05Z#2')).toMatchObject({ ordinal: 2, nanos: 1767323045000000000n });
    expect(parseLogPosition('2026-01-02T03:04:05Z')).toBeUndefined();
    expect(parseLogPosition('x#1')).toBeUndefined();
  });

  it('numbers lines that share a timestamp, and resumes after the named one', async () => {
    const lines = [
      line('2026-01-02T03:04:05Z', 'a'),
      line('2026-01-02T03:04:05Z', 'b'),
      line('2026-01-02T03:04:05Z', 'c'),
      line('2026-01-02T03:04:06Z', 'd'),
    ];
    const all = await collect(positionedLines(from(lines)));
    expect(all.map((l) => l.id)).toEqual(['2026-01-02T03:04:05Z#1', '2026-01-02T03:04:05Z#2', '2026-01-02T03:04:05Z#3', '2026-01-02T03:04:06Z#1']);

    const resumed = await collect(positionedLines(from(lines), parseLogPosition('2026-01-02T03:04:05Z#2')));
    expect(resumed.map((l) => [l.entry.line, l.id])).toEqual([
      ['c', '2026-01-02T03:04:05Z#3'],
      ['d', '2026-01-02T03:04:06Z#1'],
    ]);
  });

  it('keeps unstamped lines, without an id', async () => {
    const out = await collect(positionedLines(from([{ stream: 'stderr', line: 'x' }])));
    expect(out).toEqual([{ entry: { stream: 'stderr', line: 'x' } }]);
  });
});
