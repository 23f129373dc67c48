// A real browser on another origin tries to drive the API the way a web page the operator visits
// could: simple no-cors POSTs, a preflighted DELETE, and a same-origin read after "DNS rebinding"
// (the page's host name resolving to the server's address).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig } from './config.js';
import type { Logger } from './logger.js';
import { createManager } from './manager.js';
import { startServer, type RunningServer } from './server.js';
import { DOCKER_SOCKET, TEST_LABEL, engine, newRunId, removeTestContainers } from './test-support.js';

const CHROMIUM = '/usr/bin/chromium';
const REBIND_HOST = 'rebind.mikrocloud.test';
const runId = newRunId();

/** What the attacker's page does; it reports each attempt as `{what, outcome}`. */
const attackerScript = (api: string) => `
  window.results = (async () => {
    const out = [];
    const attempt = async (what, run) => {
      try { out.push({ what, outcome: await run() }); } catch (e) { out.push({ what, outcome: 'blocked: ' + e.name }); }
    };
    await attempt('no-cors stop', async () => (await fetch('${api}/stop', { method: 'POST', mode: 'no-cors' })).type);
    await attempt('no-cors restart', async () => (await fetch('${api}/restart', { method: 'POST', mode: 'no-cors' })).type);
    await attempt('cors delete', async () => String((await fetch('${api}', { method: 'DELETE' })).status));
    await attempt('form-like stop', async () => (await fetch('${api}/stop', { method: 'POST', mode: 'no-cors', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).type);
    await attempt('cors read', async () => (await (await fetch('${api}')).text()).slice(0, 200));
    return out;
  })();
`;

describe('the API driven from a real browser page on another origin (Chromium)', () => {
  let api: RunningServer;
  let attacker: Server;
  let attackerUrl: string;
  let browser: Browser;
  let id: string;
  const lines: { method: string; path: string; status: number }[] = [];
  const logger: Logger = {
    info: (message, fields) => void (message === 'request' && lines.push(fields as (typeof lines)[number])),
    warn: () => {},
    error: () => {},
  };
  const running = async () => (await engine('GET', `/containers/${id}/json`)).body?.State?.Status;

  beforeAll(async () => {
    const config = defaultConfig({});
    Object.assign(config.docker, { runtime: 'docker', socket_path: DOCKER_SOCKET });
    api = await startServer({ app: createApp({ manager: await createManager(config, { env: {} }), config, logger }), host: '127.0.0.1', port: 0 });
    const created = await fetch(`${api.url}/api/v1/containers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'nginx:alpine', name: `mctest-${runId}-browser`, labels: { [TEST_LABEL]: runId } }),
    });
    expect(created.status).toBe(201);
    id = ((await created.json()) as { id: string }).id;
    expect((await fetch(`${api.url}/api/v1/containers/${id}/start`, { method: 'POST' })).status).toBe(200);

    // The attacker's site: another origin (another port) on loopback.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>cute cats</title><script>${attackerScript(`${api.url}/api/v1/containers/${id}`)}</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container has no user namespace sandbox; the rule makes the rebinding name resolve
      // to loopback. Chromium's own local-network checks are off, so the test shows the server's
      // defence alone (other browsers, and older ones, do not have them).
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`,
        '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await removeTestContainers(runId);
    await api?.close();
  });

  it('cannot stop, restart or delete the container, nor read it', async () => {
    const page = await browser.newPage();
    await page.goto(attackerUrl);
    const results = (await page.evaluate('window.results')) as { what: string; outcome: string }[];
    await page.close();

    // no-cors answers are opaque to the page whatever happened; the server's own log says what it answered.
    const path = `/api/v1/containers/${id}`;
    const answered = (method: string, p: string) => lines.filter((l) => l.method === method && l.path === p).map((l) => l.status);
    expect(answered('POST', `${path}/stop`)).toEqual([403, 403]);
    expect(answered('POST', `${path}/restart`)).toEqual([403]);
    expect(answered('DELETE', path)).toEqual([]); // the preflight was refused, so the DELETE was never sent
    expect(answered('OPTIONS', path)).toEqual([403]);
    expect(results.find((r) => r.what === 'cors delete')?.outcome).toMatch(/^blocked/);
    expect(results.find((r) => r.what === 'cors read')?.outcome).toMatch(/^blocked/);
    expect(await running()).toBe('running');
  });

  it('cannot read or act through DNS rebinding (its host name pointed at the server)', async () => {
    const page = await browser.newPage();
    const origin = `http://${REBIND_HOST}:${api.port}`;
    // The first load comes from the attacker (before the name is rebound); later requests reach the API.
    await page.route(`${origin}/`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>rebound</title>' }));
    await page.goto(`${origin}/`);
    const seen = (await page.evaluate(`(async () => {
      const read = await fetch('/api/v1/containers/${id}');
      const stop = await fetch('/api/v1/containers/${id}/stop', { method: 'POST' });
      const health = await fetch('/health');
      return { read: read.status, body: await read.text(), stop: stop.status, health: health.status };
    })()`)) as { read: number; body: string; stop: number; health: number };
    await page.close();
    expect(seen).toMatchObject({ read: 421, stop: 421, health: 421 });
    expect(seen.body).toContain('misdirected_request');
    expect(seen.body).not.toContain('nginx');
    expect(await running()).toBe('running');
  });
});
