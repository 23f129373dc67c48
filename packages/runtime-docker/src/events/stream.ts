import type { IncomingMessage } from 'node:http';
import {
  CancelledError,
  ENGINE_EVENT_TYPES,
  checkEventsOptions,
  eventPasses,
  throwIfAborted,
  type EngineEvent,
  type EventsOptions,
} from '@mikrocloud/core';
import { LineSplitter } from '../containers/log-stream.js';
import type { ContainerScope } from '../containers/operations.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import { toEngineEvent, rawTimeNano, type EngineEventMessage } from './normalise.js';
import { EventScope } from './scope.js';

// Engines given `until` close the stream then; this margin (it may take them a while to replay
// the events before) is when it is closed from this side for an engine that does not.
const UNTIL_GRACE_MS = 10_000;
const UNTIL_MARGIN_SECONDS = 1;

/**
 * `GET /events` as {@link EngineEvent}s of the manager's scope (see {@link EventScope}), filtered
 * by type, action and time here rather than by the engine (engines disagree on filter syntax).
 * Aborting the signal, or leaving a `for await` early, closes the HTTP stream; an abort ends the
 * iteration quietly. One line at a time is held, so a long stream runs in constant memory.
 */
export async function* streamEvents(calls: EngineCalls, scope: ContainerScope, options: EventsOptions = {}): AsyncGenerator<EngineEvent> {
  const checked = checkEventsOptions(options);
  const signal = options.signal;
  throwIfAborted(signal);
  const eventScope = new EventScope(calls, scope);
  let res: IncomingMessage;
  try {
    await eventScope.prime(checked.types ?? new Set(ENGINE_EVENT_TYPES), signal);
    res = await calls.open({
      method: 'GET',
      path: '/events',
      query: { since: checked.sinceSeconds, until: engineUntil(checked.untilSeconds) },
      ...signalOf(options),
    });
  } catch (err) {
    const mapped = calls.mapError(err, { subject: 'the event stream', action: 'open', ...signalOf(options) });
    if (mapped instanceof CancelledError) return;
    throw mapped;
  }
  let closedHere = false;
  const close = () => {
    closedHere = true;
    res.destroy();
  };
  signal?.addEventListener('abort', close, { once: true });
  let timer: NodeJS.Timeout | undefined;
  if (checked.untilNanos !== undefined) {
    const wait = Math.max(Number(checked.untilNanos / 1_000_000n) - Date.now(), UNTIL_MARGIN_SECONDS * 1000) + UNTIL_GRACE_MS;
    timer = setTimeout(close, Math.max(0, wait));
    timer.unref();
  }
  const lines = new LineSplitter();
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      for (const line of lines.push(chunk)) {
        const event = parse(line);
        if (!event || !eventPasses(event, checked)) continue;
        if (await eventScope.admits(event)) yield event;
      }
    }
  } catch (err) {
    if (signal?.aborted || closedHere) return;
    throw calls.mapError(err, { subject: 'the event stream', action: 'read' });
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', close);
    res.destroy();
  }
}

/**
 * The `until` sent to the engine: Podman (4.3) answers nothing at all for an `until` already
 * past, so a past one is sent as a moment from now and the later events are dropped here.
 */
function engineUntil(untilSeconds: number | undefined): number | undefined {
  if (untilSeconds === undefined) return undefined;
  return Math.max(untilSeconds, Math.ceil(Date.now() / 1000) + UNTIL_MARGIN_SECONDS);
}

function parse(line: string): EngineEvent | undefined {
  if (!line.trim()) return undefined;
  let message: EngineEventMessage;
  try {
    message = JSON.parse(line) as EngineEventMessage;
  } catch {
    return undefined;
  }
  return toEngineEvent(message, rawTimeNano(line));
}
