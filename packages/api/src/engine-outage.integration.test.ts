import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig } from './config.js';
import { startServer, type RunningServer } from './server.js';
import { SocketProxy } from './test-support.js';

// Docker itself is never stopped: the manager talks to a proxy socket this test owns, and
// "the engine goes away" means closing that proxy.
let dir: string;
let proxy: SocketProxy;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mctest-outage-'));
  proxy = new SocketProxy(join(dir, 'engine.sock'));
  await proxy.open();
  const config = defaultConfig();
  config.docker.socket_path = proxy.path;
  const manager = new DockerContainerManager({ socketPath: proxy.path });
  server = await startServer({ app: createApp({ manager, config }), host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server?.close();
  await proxy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const api = (path: string) => fetch(`${server.url}${path}`);

describe('when the engine goes away and comes back', () => {
  it('works while the engine answers', async () => {
    expect((await api('/api/v1/containers')).status).toBe(200);
    expect((await api('/health')).status).toBe(200);
  });

  it('answers 503 runtime_unavailable on every engine route and stays up', async () => {
    await proxy.close();
    for (const path of ['/api/v1/containers', '/api/v1/containers/anything', '/api/v1/runtime/info', '/api/v1/containers/x/logs']) {
      const res = await api(path);
      expect(res.status, path).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('runtime_unavailable');
      expect(body.error.message).not.toMatch(/\n\s+at /);
    }
    const health = await api('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', engine: { reachable: false, runtime: 'docker' } });
    // Routes that need no engine still work.
    expect((await api('/api/v1/openapi.json')).status).toBe(200);
  });

  it('succeeds on the next request once the engine is back, with no restart', async () => {
    await proxy.open();
    expect((await api('/api/v1/containers')).status).toBe(200);
    expect((await api('/api/v1/runtime/info')).status).toBe(200);
    expect((await api('/health')).status).toBe(200);
  });
});
