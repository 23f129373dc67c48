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

/**
 * Reads the dashboard's files into memory: only the names the build writes, only regular
 * files (a link placed in the folder is not followed). Undefined while the folder lacks them.
 */
function readAssets(dir: string): Map<string, Asset> | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const assets = new Map<string, Asset>();
  for (const name of DASHBOARD_FILES) {
    if (!names.includes(name) || !lstatSync(join(dir, name)).isFile()) return undefined;
    assets.set(name, { body: readFileSync(join(dir, name)), type: TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream' });
  }
  return assets;
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
    assets ??= readAssets(options.assetsDir);
    if (!assets) {
      if (!warned) logger.warn('the dashboard is not built; / answers 404 until it is', { assets_dir: options.assetsDir });
      warned = true;
      return c.json(
        errorPayload('not_found', 'the dashboard is not built: run "npm run build -w @mikrocloud/dashboard" (an installed package always has it), or turn it off with [server] dashboard = false'),
        404,
      );
    }
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
