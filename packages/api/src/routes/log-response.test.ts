import { ValidationError } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { lastEventId, streamLines, wantsEventStream } from './log-response.js';

async function* source(lines: string[], fail?: Error): AsyncGenerator<string> {
  yield* lines;
  if (fail) throw fail;
}

function answer(sse: boolean, lines: string[], fail?: Error): Response {
  return streamLines<string>({
    request: new Request('http://localhost/logs'),
    sse,
    title: 'test log',
    open: () => source(lines, fail),
    toText: (line) => line,
    toEvent: (line) => ({ id: `${line}-id`, data: { line } }),
    endData: () => ({ done: true }),
  });
}

describe('streamLines', () => {
  it('answers plain text, one line per line', async () => {
    const res = answer(false, ['a', 'b']);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('a\nb\n');
  });

  it('answers server-sent events with ids, and ends with `event: end`', async () => {
    const res = answer(true, ['a', 'b']);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(await res.text()).toBe(
      ': test log\n\nid: a-id\ndata: {"line":"a"}\n\nid: b-id\ndata: {"line":"b"}\n\nevent: end\ndata: {"done":true}\n\n',
    );
  });

  it('reports a failing source as `event: error` with the error body', async () => {
    const text = await answer(true, ['a'], ValidationError.field('x', 'bad')).text();
    expect(text).toContain('id: a-id\ndata: {"line":"a"}\n\nevent: error\ndata: {"code":"validation_failed"');
    expect(text.endsWith('event: end\ndata: {"done":true}\n\n')).toBe(true);
  });

  it('reads Accept and Last-Event-ID', () => {
    const request = new Request('http://localhost/', { headers: { accept: 'Text/Event-Stream', 'last-event-id': ' 7 ' } });
    expect(wantsEventStream(request)).toBe(true);
    expect(lastEventId(request)).toBe('7');
    expect(wantsEventStream(new Request('http://localhost/'))).toBe(false);
    expect(lastEventId(new Request('http://localhost/'))).toBeUndefined();
  });
});
