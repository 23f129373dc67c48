import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_CONTENT_SECURITY_POLICY, DASHBOARD_FILES } from '@mikrocloud/dashboard';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { readAssets, type AssetFs } from './dashboard.js';
import { streamLines } from './routes/log-response.js';
import { defaultConfig, type MikrocloudConfig } from './config.js';
import type { Logger } from './logger.js';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS, securityHeaders } from './security-headers.js';
import { untouchedManager } from './test-support.js';

const work = mkdtempSync(join(tmpdir(), 'mctest-dashboard-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A built dashboard in a folder of its own. */
function assets(files: Record<string, string> = { 'index.html': '<!doctype html><title>mikrocloud</title>', 'app.js': 'export {}', 'app.css': 'body{}', 'favicon.svg': '<svg/>' }): string {
  const dir = mkdtempSync(join(work, 'assets-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function setup(options: { dir?: string; edit?: (config: MikrocloudConfig) => void } = {}) {
  const config = defaultConfig({});
  config.server.token = 'sesame-sesame-sesame';
  options.edit?.(config);
  const { manager, calls } = untouchedManager();
  const warnings: string[] = [];
  const logger: Logger = { info: () => {}, warn: (m) => void warnings.push(m), error: () => {} };
  return { app: createApp({ manager, config, logger, dashboardAssetsDir: options.dir ?? assets() }), calls, warnings };
}

const HOST = { host: '127.0.0.1:3000' };

function expectSecurityHeaders(res: Response, csp: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
  expect(res.headers.get('content-security-policy')).toBe(csp);
}

describe('the dashboard at /', () => {
  it('serves its page and assets without a token, under its Content-Security-Policy', async () => {
    const { app, calls } = setup();
    const page = await app.request('/', { headers: HOST });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>mikrocloud</title>');
    expectSecurityHeaders(page, DASHBOARD_CONTENT_SECURITY_POLICY);
    expect(DASHBOARD_CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    expect(DASHBOARD_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);

    const script = await app.request('/assets/app.js', { headers: HOST });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expectSecurityHeaders(script, DASHBOARD_CONTENT_SECURITY_POLICY);
    expect((await app.request('/assets/app.css', { headers: HOST })).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await app.request('/assets/favicon.svg', { headers: HOST })).headers.get('content-type')).toBe('image/svg+xml');
    expect((await app.request('/', { method: 'HEAD', headers: HOST })).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it('keeps the API behind the token, with the same headers and a CSP that runs nothing', async () => {
    const { app } = setup();
    const refused = await app.request('/api/v1/containers', { headers: HOST });
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused, API_CONTENT_SECURITY_POLICY);
    const allowed = await app.request('/api/v1/openapi.json', { headers: { ...HOST, authorization: 'Bearer sesame-sesame-sesame' } });
    expect(allowed.status).toBe(200);
    expectSecurityHeaders(allowed, API_CONTENT_SECURITY_POLICY);
    const missing = await app.request('/nothing-here', { headers: HOST });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, API_CONTENT_SECURITY_POLICY);
  });

  it('serves only the files the build writes, never through a link, never by another method', async () => {
    const outside = join(work, 'secret.txt');
    writeFileSync(outside, 'not for browsers');
    const dir = assets({ 'index.html': 'page', 'app.js': 'x', 'app.css': 'y', 'favicon.svg': 'z', 'notes.txt': 'kept out' });
    symlinkSync(outside, join(dir, 'app.js.map'));
    const { app } = setup({ dir });
    for (const path of ['/assets/notes.txt', '/assets/app.js.map', '/assets/..%2Fsecret.txt', '/assets/../secret.txt', '/assets/sub/app.js']) {
      const res = await app.request(path, { headers: HOST });
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('not for browsers');
    }
    expect((await app.request('/', { method: 'POST', headers: HOST })).status).toBe(404);

    // A linked index.html is not served either: the folder is taken as not built.
    const linked = assets({ 'app.js': 'x', 'app.css': 'y', 'favicon.svg': 'z' });
    symlinkSync(outside, join(linked, 'index.html'));
    const res = await setup({ dir: linked }).app.request('/', { headers: HOST });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('not for browsers');
  });

  it('answers 421 to a host it does not serve, like every route (DNS rebinding)', async () => {
    const { app } = setup();
    const res = await app.request('/', { headers: { host: 'rebind.example:3000' } });
    expect(res.status).toBe(421);
    expectSecurityHeaders(res, API_CONTENT_SECURITY_POLICY);
  });

  it('says how to build it when its files are missing, and is gone with [server] dashboard = false', async () => {
    const { app, warnings } = setup({ dir: join(work, 'never-built') });
    const res = await app.request('/', { headers: HOST });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('npm run build -w @mikrocloud/dashboard');
    await app.request('/', { headers: HOST });
    expect(warnings).toEqual(['the dashboard is not built; / answers 404 until it is']);

    const later = join(work, 'built-later');
    const late = setup({ dir: later });
    expect((await late.app.request('/', { headers: HOST })).status).toBe(404);
    mkdirSync(later);
    for (const name of DASHBOARD_FILES) writeFileSync(join(later, name), name);
    expect((await late.app.request('/', { headers: HOST })).status).toBe(200);

    const off = setup({ edit: (c) => (c.server.dashboard = false) });
    const gone = await off.app.request('/', { headers: HOST });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('no route for GET /');
    expect((await off.app.request('/assets/app.js', { headers: HOST })).status).toBe(404);
  });
});

describe('readAssets', () => {
  const names = [...DASHBOARD_FILES];
  /** A file system holding the built names; `lstat` of `failing` throws `error`, or finds no regular file without one. */
  function fakeFs(failing?: string, error?: Error) {
    const reads: string[] = [];
    const fs: AssetFs = {
      readdirSync: () => names,
      lstatSync: (path) => {
        const fails = failing !== undefined && path.endsWith(failing);
        if (fails && error) throw error;
        return { isFile: () => !fails };
      },
      readFileSync: (path) => {
        reads.push(path);
        return new Uint8Array();
      },
    };
    return { fs, reads };
  }

  it('reads no file while one of them is not a regular file', () => {
    const last = names[names.length - 1] as string;
    const { fs, reads } = fakeFs(last);
    expect(readAssets('/built', fs)).toEqual({ missing: `${last} is not a regular file in the folder` });
    expect(reads).toEqual([]);
  });

  it('answers an lstat EACCES as not built rather than throwing', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, lstat '/built/app.js'"), { code: 'EACCES' });
    const { fs, reads } = fakeFs(names[0], denied);
    expect(readAssets('/built', fs)).toEqual({ missing: denied.message });
    expect(reads).toEqual([]);
  });

  it('reads every file once all are there', () => {
    const { fs, reads } = fakeFs();
    const read = readAssets('/built', fs);
    expect(read).toBeInstanceOf(Map);
    expect(reads).toHaveLength(names.length);
  });
});

describe('securityHeaders', () => {
  it('gives a plain-text log answer nosniff and the rest, as every answer', async () => {
    const app = new Hono();
    app.use('*', securityHeaders());
    app.get('/log', (c) =>
      streamLines<string>({
        request: c.req.raw,
        sse: false,
        title: 'log',
        open: async function* () {
          yield '<script>alert(1)</script>';
        },
        toText: (line) => line,
        toEvent: (line) => ({ data: { line } }),
      }),
    );
    const res = await app.request('/log');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expectSecurityHeaders(res, API_CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('<script>alert(1)</script>\n');
  });
});
