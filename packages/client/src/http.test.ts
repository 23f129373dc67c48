import { describe, expect, it } from 'vitest';
import { NotFoundError, RuntimeError } from '@mikrocloud/core/errors';
import { createTransport, MAX_ERROR_BODY_BYTES, readLimitedText } from './http.js';

const answering = (response: () => Response) => createTransport({ baseUrl: 'http://127.0.0.1:1', fetch: async () => response() });

describe('createTransport', () => {
  it('reads an error answer with an endless body only up to its limit', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const http = answering(() => new Response(endless, { status: 404 }));
    await expect(http.json('GET', '/x')).rejects.toBeInstanceOf(NotFoundError);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES + 2 * 64 * 1024);
  });

  it('still reads a short error body', async () => {
    const http = answering(() => Response.json({ error: { code: 'not_found', message: 'no such thing' } }, { status: 404 }));
    await expect(http.json('GET', '/x')).rejects.toThrow('no such thing');
  });

  it('calls a 200 answer that is not JSON a runtime_error, not an unreachable server', async () => {
    const http = answering(() => new Response('<html>proxy</html>', { status: 200 }));
    const err = await http.json('GET', '/api/v1/volumes').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as RuntimeError).code).toBe('runtime_error');
    expect((err as RuntimeError).message).toBe("the server's answer to GET /api/v1/volumes was not JSON");
  });
});

describe('readLimitedText', () => {
  it('cuts the text at the byte limit', async () => {
    expect(await readLimitedText(new Response('abcdef'), 4)).toBe('abcd');
    expect(await readLimitedText(new Response('ab'), 4)).toBe('ab');
  });
});
