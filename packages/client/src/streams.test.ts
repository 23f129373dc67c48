import { describe, expect, it } from 'vitest';
import { CancelledError, RuntimeError, RuntimeUnavailableError } from '@mikrocloud/core';
import { createTransport } from './http.js';
import { clampRetry, eventData, eventStream, MAX_RECONNECTS, MAX_RETRY_MS, MIN_RETRY_MS, ResultStream } from './streams.js';

/** A fetch answering each call with the next scripted SSE body (or throwing for `'down'`). */
function scripted(answers: (string | 'down')[]) {
  const seen: (string | null)[] = [];
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    seen.push(new Headers(init?.headers).get('last-event-id'));
    const answer = answers.shift() ?? 'down';
    if (answer === 'down') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    return new Response(answer, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { transport: createTransport({ baseUrl: 'http://127.0.0.1:1', fetch }), seen };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('eventStream', () => {
  it('reconnects after a dropped connection with the last id, until a terminal event', async () => {
    const { transport, seen } = scripted(['retry: 1\nid: 1\ndata: a\n\n', 'down', 'id: 2\ndata: b\n\nevent: end\ndata: {}\n\n']);
    const events = await collect(eventStream(transport, { path: '/s', reconnect: true, terminal: ['end'] }));
    expect(events.map((e) => e.data)).toEqual(['a', 'b', '{}']);
    expect(seen).toEqual([null, '1', '1']);
  });

  it('does not reconnect a stream that is not followed', async () => {
    const { transport, seen } = scripted(['data: a\n\n', 'data: b\n\n']);
    expect((await collect(eventStream(transport, { path: '/s', reconnect: false, terminal: ['end'] }))).map((e) => e.data)).toEqual(['a']);
    expect(seen).toHaveLength(1);
  });

  it(`gives up after ${MAX_RECONNECTS} reconnections that bring nothing`, async () => {
    const { transport, seen } = scripted(['retry: 1\ndata: a\n\n']);
    const stream = eventStream(transport, { path: '/s', reconnect: true, terminal: ['end'] });
    await expect(collect(stream)).rejects.toBeInstanceOf(RuntimeUnavailableError);
    expect(seen).toHaveLength(1 + MAX_RECONNECTS);
  });

  it('ends with the SDK error an `event: error` carries', async () => {
    const { transport } = scripted(['data: a\n\nevent: error\ndata: {"code":"runtime_error","message":"the engine failed"}\n\n']);
    const stream = eventStream(transport, { path: '/s', reconnect: true, terminal: ['end'] });
    const err = await collect(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as RuntimeError).message).toBe('the engine failed');
  });
});

describe('clampRetry', () => {
  it(`keeps a server's retry within ${MIN_RETRY_MS} … ${MAX_RETRY_MS} ms`, () => {
    expect(clampRetry(0)).toBe(MIN_RETRY_MS);
    expect(clampRetry(2500)).toBe(2500);
    expect(clampRetry(Number('99999999999999999999'))).toBe(MAX_RETRY_MS);
  });
});

describe('eventData', () => {
  it('turns data that is not JSON into a RuntimeError naming the event', () => {
    const err = (() => {
      try {
        return eventData({ event: 'progress', data: '{oops', id: '' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as RuntimeError).code).toBe('runtime_error');
    expect((err as RuntimeError).message).toContain('"progress"');
  });
});

describe('ResultStream', () => {
  const exec = (body: string) => {
    const { transport } = scripted([body]);
    return new ResultStream<string, number | null>(
      () => eventStream(transport, { method: 'POST', path: '/x', reconnect: false, terminal: ['exit'] }),
      (e) => (e.event === 'line' ? { item: e.data } : e.event === 'exit' ? { result: (JSON.parse(e.data) as { exit_code: number | null }).exit_code } : undefined),
      () => null,
    );
  };

  it('yields items, then settles its result from the final event', async () => {
    const stream = exec('event: line\ndata: one\n\nevent: exit\ndata: {"exit_code":3}\n\n');
    expect(await collect(stream)).toEqual(['one']);
    expect(await stream.result).toBe(3);
  });

  it('reads the stream in the background when only the result is asked for', async () => {
    expect(await exec('event: line\ndata: one\n\nevent: exit\ndata: {"exit_code":0}\n\n').result).toBe(0);
  });

  it('is read once, and a reader leaving early cancels the result', async () => {
    const stream = exec('event: line\ndata: one\n\nevent: line\ndata: two\n\nevent: exit\ndata: {"exit_code":0}\n\n');
    for await (const _ of stream) break;
    await expect(stream.result).rejects.toBeInstanceOf(CancelledError);
    await expect(collect(stream)).rejects.toThrow('this stream has already been read');
  });
});
