import { describe, expect, it } from 'vitest';
import { RuntimeError } from '@mikrocloud/core/errors';
import { readEvents, SSE_MAX_LENGTH, SseParser } from './sse.js';

const parse = (...chunks: string[]) => {
  const parser = new SseParser();
  return { events: chunks.flatMap((c) => parser.push(c)), parser };
};

describe('SseParser', () => {
  it('dispatches an event at a blank line, with its name, data and id', () => {
    expect(parse('event: end\nid: 7\ndata: {"a":1}\n\n').events).toEqual([{ event: 'end', data: '{"a":1}', id: '7' }]);
  });

  it('names an event without `event:` "message"', () => {
    expect(parse('data: x\n\n').events).toEqual([{ event: 'message', data: 'x', id: '' }]);
  });

  it('joins data lines with newlines', () => {
    expect(parse('data: one\ndata: two\ndata\n\n').events[0]?.data).toBe('one\ntwo\n');
  });

  it('accepts CRLF, LF and CR line endings, also split across chunks', () => {
    const { events } = parse('data: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n');
    expect(events.map((e) => e.data)).toEqual(['a', 'b', 'c']);
  });

  it('ignores comments and unknown fields', () => {
    expect(parse(': keep-alive\n\nfoo: bar\ndata: x\n\n').events).toEqual([{ event: 'message', data: 'x', id: '' }]);
  });

  it('drops exactly one space after the colon', () => {
    expect(parse('data:  two spaces\ndata:none\n\n').events[0]?.data).toBe(' two spaces\nnone');
  });

  it('keeps the last id across events and does not dispatch an event without data', () => {
    const { events, parser } = parse('id: 1\ndata: a\n\nid: 2\n\ndata: b\n\n');
    expect(events).toEqual([
      { event: 'message', data: 'a', id: '1' },
      { event: 'message', data: 'b', id: '2' },
    ]);
    expect(parser.lastEventId).toBe('2');
  });

  it('ignores an id holding NUL and resets it with an empty id', () => {
    const { parser } = parse('id: 5\n\nid: a\0b\n\n');
    expect(parser.lastEventId).toBe('5');
    parser.push('id\n\n');
    expect(parser.lastEventId).toBe('');
  });

  it('takes retry only when it is all digits', () => {
    const { parser } = parse('retry: 2500\n\nretry: 10s\n\n');
    expect(parser.retry).toBe(2500);
  });

  it('resets the event name after each dispatch and strips a leading BOM', () => {
    const { events } = parse('\uFEFFevent: line\ndata: 1\n\ndata: 2\n\n');
    expect(events.map((e) => e.event)).toEqual(['line', 'message']);
  });

  it('holds a line split across chunks until it ends', () => {
    const { events } = parse('da', 'ta: hel', 'lo\n', '\n');
    expect(events).toEqual([{ event: 'message', data: 'hello', id: '' }]);
  });
});

describe('SseParser limits', () => {
  it('refuses a line longer than its limit, also one built from many chunks', () => {
    const parser = new SseParser({ maxLineLength: 10 });
    parser.push('data: 1234');
    expect(() => parser.push('5')).toThrow(RuntimeError);
    expect(() => new SseParser({ maxLineLength: 10 }).push('data: 12345\n')).toThrow(/longer than 10 characters/);
  });

  it('refuses an event whose data lines together pass the limit', () => {
    const parser = new SseParser({ maxEventLength: 8 });
    parser.push('data: 1234\n');
    let caught: unknown;
    try {
      parser.push('data: 5678\n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RuntimeError);
    expect((caught as RuntimeError).code).toBe('runtime_error');
    expect((caught as RuntimeError).message).toMatch(/event longer than 8 characters/);
  });

  it('keeps a line of exactly the limit and defaults to 16 Mi characters', () => {
    expect(new SseParser({ maxLineLength: 7 }).push('data: x\n\n')).toEqual([{ event: 'message', data: 'x', id: '' }]);
    expect(SSE_MAX_LENGTH).toBe(16 * 1024 * 1024);
  });

  it('reads a long line sent in many chunks in linear time', () => {
    const parser = new SseParser();
    const chunk = 'x'.repeat(64 * 1024);
    const started = performance.now();
    parser.push('data: ');
    for (let i = 0; i < 128; i++) parser.push(chunk);
    const events = parser.push('\n\n');
    expect(events[0]?.data.length).toBe(128 * chunk.length);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('readEvents', () => {
  const body = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });

  it('decodes a byte stream (a character split between chunks too) and discards an unfinished last event', async () => {
    const bytes = new TextEncoder().encode('data: é\n\ndata: lost\n');
    const split = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readEvents(stream)) events.push(event.data);
    expect(events).toEqual(['é']);
  });

  it('cancels the body when the reader leaves early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: x\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of readEvents(stream)) break;
    expect(cancelled).toBe(true);
    expect(body('data: a\n\n')).toBeInstanceOf(ReadableStream);
  });
});
