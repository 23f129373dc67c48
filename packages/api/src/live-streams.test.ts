import { TooManyRequestsError, type ContainerDetails, type ContainerManager, type LogLine } from '@mikrocloud/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig } from './config.js';
import { errorResponse } from './http-errors.js';
import { createLiveStreams } from './live-streams.js';
import { silentLogger } from './logger.js';

/** A manager with one container whose log never ends (until the request goes away). */
function endlessLogs(): ContainerManager {
  const details = { id: 'c1', name: 'c1', state: 'running' } as unknown as ContainerDetails;
  return {
    runtime: 'docker',
    socketPath: '/nowhere.sock',
    inspect: async () => details,
    async *logs(_id: string, options: { signal?: AbortSignal }): AsyncGenerator<LogLine> {
      yield { stream: 'stdout', line: 'hello', timestamp: '2026-01-01T00:00:00.000000000Z' } as LogLine;
      await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
    },
  } as unknown as ContainerManager;
}

describe('live log streams', () => {
  it('refuses the stream past server.max_streams with 429 and Retry-After, and frees a place when one closes', async () => {
    const config = defaultConfig({});
    config.server.max_streams = 2;
    const app = createApp({ manager: endlessLogs(), config });
    const follow = () => app.request('/api/v1/containers/c1/logs?follow=true');
    const sse = () => app.request('/api/v1/containers/c1/logs', { headers: { accept: 'text/event-stream' } });
    const first = await follow();
    const second = await sse();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await follow();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    expect(await third.json()).toMatchObject({ error: { code: 'too_many_requests', details: { retry_after_seconds: 5 } } });
    // Reads that end on their own are not live streams.
    expect((await app.request('/api/v1/containers/c1/logs?follow=false')).status).toBe(200);

    await first.body!.cancel();
    const again = await follow();
    expect(again.status).toBe(200);
    await again.body!.cancel();
    await second.body!.cancel();
  });

  it('counts places and gives each back once', () => {
    const streams = createLiveStreams(1);
    const release = streams.acquire();
    expect(() => streams.acquire()).toThrow(TooManyRequestsError);
    release();
    release();
    expect(streams.open).toBe(0);
    expect(() => createLiveStreams(0)).toThrow(TypeError);
  });
});

describe('Retry-After', () => {
  it('comes from any error carrying retryAfterSeconds, rounded up', async () => {
    const app = new Hono();
    app.get('/full', () => {
      throw new TooManyRequestsError('the build queue is full', { retryAfterSeconds: 12.2 });
    });
    app.onError((err, c) => errorResponse(c, err, silentLogger));
    const res = await app.request('/full');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('13');
  });
});
