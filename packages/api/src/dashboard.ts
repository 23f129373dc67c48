import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_CONTENT_SECURITY_POLICY, DASHBOARD_FILES } from '@mikrocloud/dashboard';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { errorPayload } from './http-errors.js';
import { silentLogger, type Logger } from './logger.js';

/** Options of {@link dashboardAssets}. */
export interface DashboardAssetsOptions {
  /** The built dashboard (`dashboardAssetsDir()` of `@mikrocloud/dashboard`). */
  assetsDir: string;
  logger?: Logger;
}

interface Asset {
  body: Uint8Array;
  type: string;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The file-system calls {@link readAssets} makes (tests hand in failing ones). */
export interface AssetFs {
  readdirSync(dir: string): string[];
  lstatSync(path: string): { isFile(): boolean };
  readFileSync(path: string): Uint8Array;
}

const nodeFs: AssetFs = { readdirSync: (dir) => readdirSync(dir), lstatSync: (path) => lstatSync(path), readFileSync: (path) => readFileSync(path) };

/**
 * Reads the dashboard's files into memory: only the names the build writes, only regular
 * files (a link placed in the folder is not followed). Every file is checked before any is read,
 * so a partial build costs no reads; what is missing, or cannot be looked at (`EACCES`), is
 * answered as the reason the dashboard is not there.
 */
export function readAssets(dir: string, fs: AssetFs = nodeFs): Map<string, Asset> | { missing: string } {
  try {
    const names = fs.readdirSync(dir);
    for (const name of DASHBOARD_FILES) {
      if (!names.includes(name) || !fs.lstatSync(join(dir, name)).isFile()) return { missing: `${name} is not a regular file in the folder` };
    }
    const assets = new Map<string, Asset>();
    for (const name of DASHBOARD_FILES) {
      assets.set(name, { body: fs.readFileSync(join(dir, name)), type: TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream' });
    }
    return assets;
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Middleware serving the web dashboard: `GET /` is its page and `GET /assets/<file>` its script,
 * style sheet and icon, under {@link DASHBOARD_CONTENT_SECURITY_POLICY}. The page itself needs no
 * token; every API call it makes carries the one the user enters. Other methods and paths pass
 * on. Files are read once, on the first request that finds them built.
 *
 * @example
 * app.use('*', dashboardAssets({ assetsDir: dashboardAssetsDir() }));
 */
export function dashboardAssets(options: DashboardAssetsOptions): MiddlewareHandler {
  const logger = options.logger ?? silentLogger;
  let assets: Map<string, Asset> | undefined;
  let warned = false;

  const answer = (c: Context, name: string) => {
    const read = assets ?? readAssets(options.assetsDir);
    if (!(read instanceof Map)) {
      if (!warned) logger.warn('the dashboard is not built; / answers 404 until it is', { assets_dir: options.assetsDir, reason: read.missing });
      warned = true;
      return c.json(
        errorPayload('not_found', 'the dashboard is not built: run "npm run build -w @mikrocloud/dashboard" (an installed package always has it), or turn it off with [server] dashboard = false'),
        404,
      );
    }
    assets = read;
    const asset = assets.get(name);
    if (!asset) return c.json(errorPayload('not_found', `no dashboard file ${JSON.stringify(name)}`), 404);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      // No hashed file names: a browser asks again each time, so an upgraded server is seen at once.
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': DASHBOARD_CONTENT_SECURITY_POLICY,
    });
  };

  return createMiddleware(async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path;
    if (path === '/' || path === '/index.html') return answer(c, 'index.html');
    const match = /^\/assets\/([^/]+)$/.exec(path);
    if (match?.[1] && match[1] !== 'index.html') return answer(c, match[1]);
    return next();
  });
}
