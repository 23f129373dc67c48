import type { LogLine } from '@mikrocloud/core';

const RFC3339 = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/**
 * An engine timestamp (RFC 3339 with up to nanosecond digits, as Docker and Podman write them)
 * as nanoseconds since the epoch, so two of them compare exactly; undefined when it is not one.
 */
export function timestampNanos(timestamp: string): bigint | undefined {
  const match = RFC3339.exec(timestamp);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/**
 * Where a container-log stream resumes: the event id `<timestamp>#<n>` names the n-th line
 * stamped `<timestamp>` (engines that stamp whole seconds give many lines one timestamp).
 */
export interface LogPosition {
  timestamp: string;
  nanos: bigint;
  ordinal: number;
}

/** Reads a container-log event id (`<RFC 3339 timestamp>#<n>`); undefined when it is not one. */
export function parseLogPosition(id: string): LogPosition | undefined {
  const match = /^(.+)#([1-9][0-9]{0,8})$/.exec(id);
  const nanos = match ? timestampNanos(match[1]!) : undefined;
  if (!match || nanos === undefined) return undefined;
  return { timestamp: match[1]!, nanos, ordinal: Number(match[2]) };
}

/** A log line with the id of its event, when the engine stamped it. */
export interface PositionedLine {
  entry: LogLine;
  id?: string;
}

/**
 * Gives each stamped line its event id (`<timestamp>#<n>`) and, when resuming, drops the lines
 * at or before `after`. The engine must be asked for lines since `after`'s instant (or earlier),
 * so that every line sharing its timestamp is counted again.
 */
export async function* positionedLines(lines: AsyncIterable<LogLine>, after?: LogPosition): AsyncGenerator<PositionedLine> {
  let current: bigint | undefined;
  let ordinal = 0;
  for await (const entry of lines) {
    const nanos = entry.timestamp === undefined ? undefined : timestampNanos(entry.timestamp);
    if (nanos === undefined) {
      yield { entry };
      continue;
    }
    ordinal = nanos === current ? ordinal + 1 : 1;
    current = nanos;
    if (after && (nanos < after.nanos || (nanos === after.nanos && ordinal <= after.ordinal))) continue;
    yield { entry, id: `${entry.timestamp}#${ordinal}` };
  }
}
