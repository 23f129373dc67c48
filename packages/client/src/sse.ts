import { RuntimeError } from '@mikrocloud/core/errors';

/** The longest line, and the longest event data, an {@link SseParser} holds by default: 16 Mi characters. */
export const SSE_MAX_LENGTH = 16 * 1024 * 1024;

/** Limits of an {@link SseParser}, in characters (UTF-16 code units). */
export interface SseParserOptions {
  /** The longest line (default {@link SSE_MAX_LENGTH}). */
  maxLineLength?: number;
  /** The longest data of one event (default {@link SSE_MAX_LENGTH}). */
  maxEventLength?: number;
}

/** One server-sent event, as the WHATWG HTML "event stream interpretation" dispatches it. */
export interface SseEvent {
  /** `event:` (default `message`). */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on the stream so far ('' when none): what a reconnection sends as `Last-Event-ID`. */
  id: string;
}

/**
 * An incremental parser of `text/event-stream`, following the HTML standard: lines end with CRLF,
 * LF or CR (also split across chunks), `:` starts a comment, one space after the colon is dropped,
 * `data:` lines join with newlines, an `id` holding NUL is ignored, `retry` takes digits only, an
 * event without data is not dispatched, and a last event without its blank line is discarded.
 *
 * @example
 * const parser = new SseParser();
 * for (const event of parser.push('event: end\ndata: {}\n\n')) console.log(event.event);
 */
export class SseParser {
  /** The `Last-Event-ID` to resume with. */
  lastEventId = '';
  /** The reconnection time the stream asked for with `retry:` (milliseconds), if any. */
  retry: number | undefined;

  readonly #maxLineLength: number;
  readonly #maxEventLength: number;
  /** The unfinished last line: it never holds a CR or LF, so a new chunk is scanned on its own. */
  private buffer = '';
  private afterCarriageReturn = false;
  private started = false;
  private eventType = '';
  private data = '';
  private hasData = false;

  constructor(options: SseParserOptions = {}) {
    this.#maxLineLength = options.maxLineLength ?? SSE_MAX_LENGTH;
    this.#maxEventLength = options.maxEventLength ?? SSE_MAX_LENGTH;
  }

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseEvent[] {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR that ended the previous chunk already ended its line; a LF right after it belongs to it.
    if (this.afterCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.afterCarriageReturn = false;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const part = text.slice(start, i);
      this.checkLine(this.buffer.length + part.length);
      const line = this.buffer + part;
      this.buffer = '';
      this.line(line, events);
      if (c === 13) {
        if (i + 1 === text.length) this.afterCarriageReturn = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.checkLine(this.buffer.length + text.length - start);
      this.buffer += text.slice(start);
    }
    return events;
  }

  private checkLine(length: number): void {
    if (length > this.#maxLineLength) {
      throw new RuntimeError(`the event stream sent a line longer than ${this.#maxLineLength} characters (the limit)`);
    }
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.dispatch(events);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        if (this.data.length + value.length + 1 > this.#maxEventLength) {
          throw new RuntimeError(`the event stream sent an event longer than ${this.#maxEventLength} characters (the limit)`);
        }
        this.data += `${value}\n`;
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored.
        break;
    }
  }

  private dispatch(events: SseEvent[]): void {
    const { eventType, data, hasData } = this;
    this.eventType = '';
    this.data = '';
    this.hasData = false;
    if (!hasData) return;
    events.push({ event: eventType || 'message', data: data.slice(0, -1), id: this.lastEventId });
  }
}

/**
 * The events of a `text/event-stream` body. Ends when the body ends; a last event left without its
 * blank line is dropped, as the standard says.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, parser = new SseParser()): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        yield* parser.push(decoder.decode());
        return;
      }
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // Leaving early (break, an error, an abort) closes the connection.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
