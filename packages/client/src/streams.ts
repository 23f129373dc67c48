import { CancelledError, RuntimeError, RuntimeUnavailableError, abortError, isMikrocloudError } from '@mikrocloud/core/errors';
import { errorFromBody, transportError } from './errors.js';
import { combineSignals, type QueryValues, type Transport } from './http.js';
import { readEvents, SseParser, type SseEvent } from './sse.js';

/** How long a followed stream waits before it reconnects, unless the server said otherwise with `retry:`. */
export const DEFAULT_RETRY_MS = 1000;
/** The shortest wait a server's `retry:` can ask for: a smaller one would make the client spin. */
export const MIN_RETRY_MS = 100;
/** The longest wait a server's `retry:` can ask for. */
export const MAX_RETRY_MS = 60_000;
/** Reconnections in a row that bring nothing before a followed stream gives up. */
export const MAX_RECONNECTS = 5;

export interface EventStreamRequest {
  method?: 'GET' | 'POST';
  path: string;
  query?: QueryValues;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Resume after this event id (sent as `Last-Event-ID`). */
  lastEventId?: string | undefined;
  /** Reconnect with `Last-Event-ID` when the connection drops before a terminal event. */
  reconnect: boolean;
  /** The events after which the server closes the stream on purpose. */
  terminal: readonly string[];
}

/** Waits `ms`, or rejects with the abort's error (`CancelledError`, `TimeoutError`). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Whether a failure is worth a reconnection: the server (or its engine) did not answer. */
const retryable = (err: unknown): boolean => err instanceof RuntimeUnavailableError;

/**
 * The server-sent events of one stream. `event: error` becomes the SDK's error. A stream asked to
 * reconnect does so after a dropped connection or an unreachable server, with the last id as
 * `Last-Event-ID`, so nothing is repeated or lost; it ends at a terminal event.
 */
export async function* eventStream(transport: Transport, request: EventStreamRequest, clientSignal?: AbortSignal): AsyncGenerator<SseEvent> {
  const signal = combineSignals(clientSignal, request.signal);
  let lastEventId = request.lastEventId ?? '';
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  for (;;) {
    const parser = new SseParser();
    parser.lastEventId = lastEventId;
    try {
      const response = await transport.send(request.method ?? 'GET', request.path, {
        ...(request.query ? { query: request.query } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: request.signal,
        accept: 'text/event-stream',
        ...(lastEventId ? { headers: { 'last-event-id': lastEventId } } : {}),
      });
      if (!response.body) throw new RuntimeUnavailableError('the server answered a stream without a body');
      try {
        for await (const event of readEvents(response.body, parser)) {
          lastEventId = parser.lastEventId;
          failures = 0;
          if (event.event === 'error') throw errorFromBody(500, parseData(event.data), { requestId: response.headers.get('x-request-id') });
          yield event;
          if (request.terminal.includes(event.event)) return;
        }
      } catch (err) {
        if (signal?.aborted) throw abortError(signal, err);
        // A body that breaks off mid-stream: the server went away.
        throw isMikrocloudError(err) ? err : transportError(err, signal, 'the stream');
      } finally {
        if (parser.retry !== undefined) retryMs = clampRetry(parser.retry);
      }
      if (!request.reconnect) return;
    } catch (err) {
      if (!request.reconnect || !retryable(err) || failures >= MAX_RECONNECTS) throw err;
    }
    failures++;
    await sleep(retryMs, signal);
  }
}

/** A server's `retry:` within {@link MIN_RETRY_MS} … {@link MAX_RETRY_MS}. */
export const clampRetry = (ms: number): number => Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, ms));

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** The JSON `data` of an event; data that is not JSON is a `RuntimeError` naming the event. */
export function eventData<T>(event: SseEvent): T {
  try {
    return JSON.parse(event.data) as T;
  } catch (err) {
    throw new RuntimeError(`the server sent a "${event.event}" event whose data is not JSON`, { cause: err });
  }
}

/** What a {@link ResultStream} makes of one event: an item to yield, its result, or nothing. */
export type EventMapping<I, R> = { item: I } | { result: R } | undefined;

/**
 * A stream of items that ends with a result (an exec's exit code, a pull's image). Read it once
 * with `for await`; `result` settles when the stream ends, and reading `result` alone (without
 * iterating) reads the stream to its end in the background.
 */
export class ResultStream<I, R> implements AsyncIterable<I> {
  readonly #open: () => AsyncIterable<SseEvent>;
  readonly #map: (event: SseEvent) => EventMapping<I, R>;
  readonly #ended: () => R;
  readonly #result: Promise<R>;
  #resolve!: (value: R) => void;
  #reject!: (reason: unknown) => void;
  #started = false;

  constructor(open: () => AsyncIterable<SseEvent>, map: (event: SseEvent) => EventMapping<I, R>, ended: () => R) {
    this.#open = open;
    this.#map = map;
    this.#ended = ended;
    this.#result = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A caller that only iterates still sees the error there.
    this.#result.catch(() => {});
  }

  /** Settles when the stream ends: its result, or the error that ended it. */
  get result(): Promise<R> {
    if (!this.#started) void this.#drain();
    return this.#result;
  }

  async #drain(): Promise<void> {
    try {
      for await (const _ of this);
    } catch {
      // Already the result's rejection.
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<I> {
    if (this.#started) throw new TypeError('this stream has already been read');
    this.#started = true;
    let settled = false;
    try {
      for await (const event of this.#open()) {
        const mapped = this.#map(event);
        if (mapped === undefined) continue;
        if ('result' in mapped) {
          settled = true;
          this.#resolve(mapped.result);
          return;
        }
        yield mapped.item;
      }
      settled = true;
      this.#resolve(this.#ended());
    } catch (err) {
      settled = true;
      this.#reject(err);
      throw err;
    } finally {
      if (!settled) this.#reject(new CancelledError('the stream was closed before it ended'));
    }
  }
}
