// The client bundled for browsers and run in a real page (Chromium) against a real server: what a
// dashboard on the server's origin does.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_LABEL, type TestServer } from '../test/support.js';

const CHROMIUM = '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));

let server: TestServer;
let browser: Browser;
let bundle: string;

beforeAll(async () => {
  server = await startTestServer('browser');
  // platform 'browser': a Node built-in anywhere in the graph would fail the bundle.
  const result = await build({
    entryPoints: [path.join(here, 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@mikrocloud/source'],
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What the page does with the bundled client; it leaves its findings in `window.results`. */
const pageScript = (params: Record<string, unknown>) => `
import { createClient, ValidationError } from './client.js';
const { token, name, labels, label } = ${JSON.stringify(params)};
window.results = (async () => {
  const client = createClient({ baseUrl: location.origin, token });
  const out = {};
  out.health = (await client.health()).status;
  try {
    await client.containers.create({ name: 'not a name', image: 'busybox:latest', restart_policy: 'sometimes' });
  } catch (err) {
    out.refused = err instanceof ValidationError ? err.problems.map((p) => p.field) : String(err);
  }
  const created = await client.containers.create({ name, image: 'busybox:latest', command: ['sh', '-c', 'echo from-the-page; sleep 30'], labels });
  await client.containers.start(created.id);
  const lines = [];
  for await (const line of client.containers.logs(created.id, { follow: true, signal: AbortSignal.timeout(15000) })) {
    lines.push(line.line);
    break;
  }
  out.lines = lines;
  out.exitCode = await client.containers.exec(created.id, { command: ['sh', '-c', 'exit 4'] }).exitCode;
  out.listed = (await client.containers.list({ label: [label] })).length;
  await client.containers.remove(created.id, { timeout: 1 });
  try {
    await client.containers.get(created.id);
  } catch (err) {
    out.afterRemove = err.code;
  }
  return out;
})().catch((err) => ({ failed: String(err && err.stack || err) }));
`;

describe('the client in a browser page (Chromium) against a real server', () => {
  it('lists, refuses with per-field problems, creates, starts, reads logs, execs and removes', async () => {
    const page = await browser.newPage();
    const params = { token: server.token, name: `${server.runId}-page`, labels: { [TEST_LABEL]: server.runId }, label: `${TEST_LABEL}=${server.runId}` };
    // The page and the bundle come from the server's own origin, as a dashboard's would.
    await page.route(`${server.url}/__client-test/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname.endsWith('/client.js')) return route.fulfill({ contentType: 'text/javascript', body: bundle });
      if (url.pathname.endsWith('/page.js')) return route.fulfill({ contentType: 'text/javascript', body: pageScript(params) });
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>client</title><script type="module" src="page.js"></script>' });
    });
    await page.goto(`${server.url}/__client-test/index.html`);
    const result = await page.evaluate('window.results');
    expect(result).toEqual({
      health: 'ok',
      refused: expect.arrayContaining(['restart_policy']),
      lines: ['from-the-page'],
      exitCode: 4,
      listed: 1,
      afterRemove: 'not_found',
    });
  });
});
