// The one way a streaming route answers: plain text or server-sent events, for container and build logs and engine events alike.
import { isMikrocloudError } from '@mikrocloud/core';
import { acquireLiveStream } from '../live-streams.js';

/** Proxies and load balancers drop idle connections; a comment line keeps a quiet stream open. */
const HEARTBEAT_MS = 15_000;
/** Upper bound of one chunk of a log answer. */
const BATCH_BYTES = 64 * 1024;
const WAITING = Symbol('waiting');

const encoder = new TextEncoder();

/** One server-sent event: `id:` (what a client sends back as `Last-Event-ID` to resume) and JSON `data:`. */
export interface LogEvent {
  id?: string;
  /** The event's name (`event:`); none for a plain message. */
  event?: string;
  data: unknown;
}

/** Options of {@link streamLines}. */
export interface StreamLinesOptions<T> {
  /** The request: its signal ends the stream when the client goes away. */
  request: Request;
  /** Server-sent events (see {@link wantsEventStream}) or plain text. */
  sse: boolean;
  /**
   * A live (followed) stream: it takes one of the server's `server.max_streams` places for as long
   * as it is open, and is refused with a 429 when none is free.
   */
  live?: boolean;
  /** The first SSE comment, sent at once so the headers go out even for a quiet log. */
  title: string;
  /** Aborted when the server shuts down: the stream then ends (with `event: end` for SSE). */
  shutdownSignal?: AbortSignal | undefined;
  /** Opens the line source; it must stop when `signal` aborts. */
  open(signal: AbortSignal): AsyncIterable<T>;
  /** One line of the text answer, without its newline. */
  toText(item: T): string;
  /** One event of the SSE answer. */
  toEvent(item: T): LogEvent;
  /** The data of the final event (default `{}`). */
  endData?(): unknown;
  /** The name of the final event (default `end`). */
  endEvent?: string;
  /** Told when the source fails while the client still listens. */
  onError?(err: unknown): void;
}

/** Whether the client asked for server-sent events (`Accept: text/event-stream`). */
export function wantsEventStream(request: Request): boolean {
  return (request.headers.get('accept') ?? '').toLowerCase().includes('text/event-stream');
}

/** The `Last-Event-ID` header an `EventSource` sends when it reconnects, if any. */
export function lastEventId(request: Request): string | undefined {
  const value = request.headers.get('last-event-id')?.trim();
  return value ? value : undefined;
}

function eventText(event: LogEvent, name?: string): string {
  // An id holding a newline would end the field early; ids come from the server, but be strict.
  const id = event.id === undefined ? '' : `id: ${event.id.replace(/[\r\n]/g, '')}\n`;
  const eventName = name ?? event.event;
  return `${eventName ? `event: ${eventName}\n` : ''}${id}data: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * Streams a source of log lines as text (one line each) or as server-sent events (each with an
 * `id:`). Lines the source has already delivered go out as one chunk; a line not there yet is
 * never waited for while others are held back. The source is closed whenever the client goes
 * away (request signal or stream cancel) or the server shuts down; an SSE stream ends with
 * `event: error` when the source fails, and always with `event: end` when the server ends it.
 */
export function streamLines<T>(options: StreamLinesOptions<T>): Response {
  const { request, sse, shutdownSignal } = options;
  // Taken first: a refused stream (429) opens nothing.
  const release = options.live ? acquireLiveStream(request) : () => {};
  const source = new AbortController();
  const stop = () => source.abort();
  request.signal.addEventListener('abort', stop, { once: true });
  shutdownSignal?.addEventListener('abort', stop, { once: true });
  if (shutdownSignal?.aborted) source.abort();

  let iterator: AsyncIterator<T>;
  try {
    iterator = options.open(source.signal)[Symbol.asyncIterator]();
  } catch (err) {
    release();
    throw err;
  }
  let heartbeat: NodeJS.Timeout | undefined;
  let finished = false;
  // A line asked for by the previous pull that had not arrived when that pull flushed.
  let pendingNext: Promise<IteratorResult<T>> | undefined;

  const cleanup = () => {
    if (finished) return;
    finished = true;
    release();
    if (heartbeat) clearInterval(heartbeat);
    request.signal.removeEventListener('abort', stop);
    shutdownSignal?.removeEventListener('abort', stop);
    source.abort();
    void Promise.resolve(iterator.return?.()).catch(() => {});
  };

  const format = (item: T): string => {
    if (!sse) return `${options.toText(item)}\n`;
    const event = options.toEvent(item);
    return eventText(event, event.event);
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!sse) return;
      controller.enqueue(encoder.encode(`: ${options.title}\n\n`));
      heartbeat = setInterval(() => {
        if (!finished) controller.enqueue(encoder.encode(': keep-alive\n\n'));
      }, HEARTBEAT_MS);
      heartbeat.unref();
    },
    async pull(controller) {
      // Stops at the first line that is not there yet (the setImmediate tick: pending I/O), so a
      // followed log is never held back; a stored one goes out in chunks of up to 64 KiB.
      let batch = '';
      const tick = new Promise<typeof WAITING>((resolve) => setImmediate(resolve, WAITING));
      try {
        for (;;) {
          const next = pendingNext ?? iterator.next();
          pendingNext = undefined;
          const result = batch === '' ? await next : await Promise.race([next, tick]);
          if (finished) return;
          if (result === WAITING) {
            pendingNext = next;
            // Awaited by the next pull; until then a failure must not count as unhandled.
            next.catch(() => {});
            break;
          }
          if (result.done) {
            if (batch) controller.enqueue(encoder.encode(batch));
            batch = '';
            break;
          }
          batch += format(result.value);
          if (batch.length >= BATCH_BYTES) break;
        }
        if (batch) {
          controller.enqueue(encoder.encode(batch));
          return;
        }
      } catch (err) {
        if (finished) return;
        if (batch) controller.enqueue(encoder.encode(batch));
        if (!source.signal.aborted) {
          options.onError?.(err);
          if (sse) {
            const error = isMikrocloudError(err) ? err.toJSON().error : { code: 'internal_error', message: 'the log stream failed' };
            controller.enqueue(encoder.encode(eventText({ data: error }, 'error')));
          }
        }
      }
      if (sse) {
        const data = (await options.endData?.()) ?? {};
        if (finished) return;
        controller.enqueue(encoder.encode(eventText({ data }, options.endEvent ?? 'end')));
      }
      cleanup();
      controller.close();
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    status: 200,
    headers: sse
      ? { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' }
      : // securityHeaders() adds X-Content-Type-Options: nosniff, so a log line is never run as script.
        { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
}
