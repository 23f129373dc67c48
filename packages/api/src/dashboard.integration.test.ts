// The dashboard driven through a real browser (Chromium) against a real server on the real Docker
// engine: sign in, create a container (after a refused form), start it, watch its log live,
// remove it; preview a plan and run a build from a local git repository to its end.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildService, openBuildStore } from '@mikrocloud/buildpacks';
import { dashboardAssetsDir } from '@mikrocloud/dashboard';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig } from './config.js';
import { createManager } from './manager.js';
import { imageRoutes } from './routes/images.js';
import { imagesOpenApiPaths } from './routes/images-openapi.js';
import { startServer, type RunningServer } from './server.js';
import { DOCKER_SOCKET, TEST_LABEL, engine, makeGitRepo, newRunId, removeTestContainers } from './test-support.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = process.env.MIKROCLOUD_DASHBOARD_SCREENSHOT;
const runId = newRunId();
const token = `dashboard-${runId}-${'x'.repeat(24)}`;

let base: string;
let server: RunningServer;
let builds: BuildService;
let browser: Browser;
let page: Page;
const requested: string[] = [];
const problems: string[] = [];

const makeRepo = (files: Record<string, string>) => makeGitRepo(base, files);

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

beforeAll(async () => {
  if (!existsSync(join(dashboardAssetsDir(), 'index.html'))) {
    throw new Error(`the dashboard is not built (${dashboardAssetsDir()}): run "npm run build -w @mikrocloud/dashboard" (npm test builds it first)`);
  }
  base = await mkdtemp(join(tmpdir(), `mctest-${runId}-dashboard-`));
  const config = defaultConfig({});
  Object.assign(config.docker, { runtime: 'docker', socket_path: DOCKER_SOCKET });
  config.server.token = token;
  const manager = await createManager(config, { env: {}, labels: { [TEST_LABEL]: runId } });
  builds = new BuildService({
    manager,
    store: openBuildStore(join(base, 'data')),
    buildDir: join(base, 'builds'),
    allowedProtocols: ['file'],
    labels: { [TEST_LABEL]: runId },
  });
  await builds.start();
  const app = createApp({ manager, config, mounts: { '/api/v1/images': imageRoutes(builds) }, openapi: { paths: imagesOpenApiPaths() } });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await builds?.close();
  builds?.store.close();
  await removeTestContainers(runId);
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  const images = await engine('GET', `/images/json?filters=${filters}`);
  for (const image of (images.body as { Id: string }[]) ?? []) await engine('DELETE', `/images/${image.Id}?force=1`);
  if (base) await rm(base, { recursive: true, force: true });
});

// With MIKROCLOUD_DASHBOARD_SCREENSHOT=/path/shot.png a failing step leaves a picture of the page.
afterEach(async (context) => {
  if (SCREENSHOT && context.task.result?.state === 'fail') await page?.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-failed.png'), fullPage: true });
});

describe('the dashboard in Chromium, on Docker', () => {
  it('asks for the token, keeps it in sessionStorage, and shows the engine', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('#token').waitFor();
    await page.fill('#token', 'wrong-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('bearer token');

    await page.fill('#token', token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('dl[data-runtime="docker"]').waitFor();
    await page.locator('[data-engine="reachable"]').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('mikrocloud.token')")).toBe(token);

    // A reload keeps the session without asking again.
    await page.reload();
    await page.locator('dl[data-runtime="docker"]').waitFor();
  });

  it('shows the API field messages at their fields, then creates, starts, follows the log of, restarts and removes a container', async () => {
    const name = `mctest-${runId}-dash`;
    await page.getByRole('link', { name: 'New container' }).click();
    // Refused by the API: its own messages appear next to the fields they name.
    const invalid = { image: '', name: 'bad name!' };
    const refused = (await (await api('/api/v1/containers', { method: 'POST', body: JSON.stringify(invalid) })).json()) as { error: { details: { field: string; message: string }[] } };
    expect(refused.error.details.length).toBeGreaterThan(0);
    await page.fill('#container-name', invalid.name);
    await page.getByRole('button', { name: 'Create container', exact: true }).click();
    for (const problem of refused.error.details) {
      const field = problem.field.split('.')[0]!;
      await expect.poll(() => page.locator(`[data-field-problems="container-${field}"]`).textContent()).toContain(problem.message);
    }
    await expect.poll(() => page.locator('#container-name').getAttribute('aria-invalid')).toBe('true');

    await page.fill('#container-image', 'busybox:latest');
    await page.fill('#container-name', name);
    await page.fill('#container-command', `sh\n-c\ni=0; while true; do echo "tick-$i"; i=$((i+1)); sleep 1; done`);
    await page.getByRole('button', { name: 'Create container', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Created ${name}.` }).waitFor();

    const row = page.locator(`tr[data-container="${name}"]`);
    await row.getByText('created', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Start', exact: true }).click();
    await row.getByText('running', { exact: true }).waitFor();

    // The log view (opened for the new container) follows: later lines arrive without a reload.
    const log = page.getByLabel(`Logs of ${name}`);
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('tick-1');
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('tick-4');
    expect(await page.locator('[data-log-state]').getAttribute('data-log-state')).toBe('open');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-containers.png'), fullPage: true });

    // After a restart the log is followed again: the loop's first line shows up a second time.
    await row.getByRole('button', { name: 'Restart', exact: true }).click();
    const firstLines = async () => (await log.innerText()).split('\n').filter((line) => line.trim() === 'tick-0').length;
    await expect.poll(firstLines, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await row.getByRole('button', { name: 'Confirm remove', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    const left = await engine('GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ name: [name] }))}`);
    expect(left.body).toEqual([]);
  }, 180_000);

  it('previews a plan, then runs a build to its end, its log live', async () => {
    await page.getByRole('link', { name: 'Builds' }).click();
    const node = await makeRepo({
      'package.json': JSON.stringify({ name: 'planned', version: '1.0.0', scripts: { start: 'node server.js' } }),
      'package-lock.json': JSON.stringify({ name: 'planned', version: '1.0.0', lockfileVersion: 3, packages: {} }),
      'server.js': 'console.log("hi")\n',
    });
    await page.fill('#build-git_repo', node);
    await page.fill('#build-buildpack_type', 'nixpacks');
    await page.fill('#build-image_tag', `mctest-${runId}-plan:test`);
    await page.getByRole('button', { name: 'Preview plan', exact: true }).click();
    await expect.poll(() => page.locator('[data-plan]').textContent(), { timeout: 60_000 }).toContain('FROM ');

    const repo = await makeRepo({ Dockerfile: 'FROM busybox:latest\nRUN echo "first-$((6*7))" && sleep 2\nRUN echo "second-$((6*7))"\n' });
    await page.fill('#build-git_repo', repo);
    await page.fill('#build-buildpack_type', 'dockerfile');
    await page.fill('#build-image_tag', `mctest-${runId}-dash:test`);
    await page.getByRole('button', { name: 'Start build', exact: true }).click();

    const detail = page.locator('[data-build]');
    await detail.waitFor();
    const id = await detail.getAttribute('data-build');
    const log = page.getByLabel(`Build log of ${id}`);
    // A line seen while the build still runs: the log is live, not replayed at the end.
    await expect.poll(() => log.textContent(), { timeout: 60_000 }).toContain('first-42');
    const statusWhenFirstSeen = await detail.getAttribute('data-build-status');
    await expect.poll(() => detail.getAttribute('data-build-status'), { timeout: 120_000 }).toBe('succeeded');
    expect(['running', 'succeeded']).toContain(statusWhenFirstSeen);
    expect(await log.textContent()).toContain('second-42');
    expect(await page.locator('[data-build-phase]').textContent()).toBe('succeeded');
    expect(await detail.textContent()).toContain('sha256:');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-builds.png'), fullPage: true });

    const record = (await (await api(`/api/v1/images/builds/${id}`)).json()) as { status: string };
    expect(record.status).toBe('succeeded');
  }, 180_000);

  it('never put the token in a URL, ran without a CSP violation or script error, and keeps injected script out', async () => {
    expect(requested.length).toBeGreaterThan(0);
    for (const url of requested) expect(url).not.toContain(token);
    expect(problems.filter((p) => !/status of 401|status of 400/.test(p))).toEqual([]);

    // The policy is in force: script injected into the page does not run.
    const injected = await page.evaluate(`(() => {
      try {
        const script = document.createElement('script');
        script.textContent = 'window.injectedRan = true';
        document.head.append(script);
      } catch (e) {
        return 'refused (' + e.name + ')';
      }
      return window.injectedRan ? 'ran' : 'blocked';
    })()`);
    expect(injected).not.toBe('ran');
  });
});
