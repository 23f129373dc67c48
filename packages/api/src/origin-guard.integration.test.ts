import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig } from './config.js';
import { createManager } from './manager.js';
import { startServer, type RunningServer } from './server.js';
import { TEST_ENGINES, TEST_LABEL, engineAt, newRunId, removeTestContainers } from './test-support.js';

const runId = newRunId();

/** One request with exactly these headers (fetch would replace a forged Host), resolving with its status. */
function send(method: string, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(TEST_ENGINES)('browser-shaped requests on $name', (target) => {
  let server: RunningServer;
  let id: string;
  const name = `mctest-${runId}-guarded`;
  const state = async () => (await engineAt(target.socket, 'GET', `/containers/${id}/json`)).body?.State?.Status as string | undefined;

  beforeAll(async () => {
    const config = defaultConfig({});
    Object.assign(config.docker, { runtime: target.runtime, socket_path: target.socket, rootless: target.rootless });
    server = await startServer({ app: createApp({ manager: await createManager(config, { env: {} }), config }), host: '127.0.0.1', port: 0 });
    // Created and started the way curl does it: no Origin, no Sec-Fetch-*.
    const created = await fetch(`${server.url}/api/v1/containers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'nginx:alpine', name, labels: { [TEST_LABEL]: runId } }),
    });
    expect(created.status).toBe(201);
    id = ((await created.json()) as { id: string }).id;
    expect((await fetch(`${server.url}/api/v1/containers/${id}/start`, { method: 'POST' })).status).toBe(200);
  });

  afterAll(async () => {
    await removeTestContainers(runId, target.socket);
    await server?.close();
  });

  it('refuses cross-site, foreign-origin and rebinding requests on every verb, and the container keeps running', async () => {
    const base = `${server.url}/api/v1/containers/${id}`;
    const attempts: [string, string, Record<string, string>, number][] = [
      ['POST', `${base}/stop`, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }, 403],
      ['POST', `${base}/stop`, { origin: 'https://evil.example' }, 403],
      ['POST', `${base}/restart`, { origin: 'null' }, 403],
      ['DELETE', base, { 'sec-fetch-site': 'same-site', origin: 'http://sub.localhost:3000' }, 403],
      ['POST', `${base}/stop`, { host: `attacker.example:${server.port}` }, 421],
      ['GET', base, { host: `attacker.example:${server.port}` }, 421],
      ['GET', `${base}/logs`, { 'sec-fetch-site': 'cross-site' }, 403],
    ];
    for (const [method, url, headers, status] of attempts) {
      expect(await send(method, url, headers), `${method} ${url} ${JSON.stringify(headers)}`).toBe(status);
    }
    expect(await state()).toBe('running');
  });

  it('still serves curl and same-origin pages', async () => {
    const own = await fetch(`${server.url}/api/v1/containers/${id}`, { headers: { origin: server.url, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
    const stopped = await fetch(`${server.url}/api/v1/containers/${id}/stop?timeout=1`, { method: 'POST' });
    expect(stopped.status).toBe(200);
    expect(await state()).toBe('exited');
  });
});
