import { connect } from 'node:net';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { startServer } from './server.js';

/** Sends raw bytes and resolves with everything the server answers until it closes the connection. */
function rawExchange(port: number, text: string, keepSending: boolean): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let drip: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(text);
      // A slow client: one more header byte now and then, never the end of the headers.
      if (keepSending) drip = setInterval(() => socket.write('a'), 50);
    });
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => {
      if (drip) clearInterval(drip);
      resolve({ answer, ms: Date.now() - started });
    });
    socket.on('error', (e) => (drip ? undefined : reject(e)));
  });
}

describe('startServer timeouts', () => {
  it('cuts a client that does not finish its headers in time, and never a long answer', async () => {
    const app = new Hono();
    app.get('/slow-answer', () => {
      const encoder = new TextEncoder();
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 200));
          controller.enqueue(encoder.encode(`data: ${n}\n\n`));
          if (++n === 10) controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const server = await startServer({ app, host: '127.0.0.1', port: 0, headersTimeoutMs: 400, requestTimeoutMs: 600 });
    try {
      const slow = await rawExchange(server.port, 'GET /slow-answer HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', true);
      expect(slow.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(slow.ms).toBeLessThan(3000);

      // Two seconds of answer, more than three times the request timeout.
      const res = await fetch(`${server.url}/slow-answer`);
      const text = await res.text();
      expect(text.match(/^data: /gm)).toHaveLength(10);
    } finally {
      await server.close();
    }
  });
});
