import type { BuildService } from '@mikrocloud/buildpacks';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { untouchedManager } from '../test-support.js';
import { openAuditStore } from '../audit/store.js';
import { defaultConfig } from '../config.js';
import { imageRoutes } from '../routes/images.js';
import { imagesOpenApiPaths } from '../routes/images-openapi.js';
import { routeDefinitionOf } from '../route-registry.js';
import { loadTokens } from './tokens.js';

// Every request here is settled before the engine: a refusal (401/403) or a 400 from the route's
// own checks, which shows the request got past authorization.
const { manager } = untouchedManager();

const SECRETS = { reader: 'r-secret-1', operator: 'o-secret-2', writer: 'w-secret-3', admin: 'a-secret-4', old: 'old-secret-5' };

function setup() {
  const config = defaultConfig({});
  config.server.token = SECRETS.old;
  config.server.tokens = [
    { name: 'reader', scopes: ['read'], token_env: 'READER' },
    { name: 'operator', scopes: ['operate'], token_env: 'OPERATOR' },
    { name: 'writer', scopes: ['write'], token_env: 'WRITER' },
    { name: 'admin', scopes: ['admin'], token_env: 'ADMIN' },
  ];
  const tokens = loadTokens(config, { env: { READER: SECRETS.reader, OPERATOR: SECRETS.operator, WRITER: SECRETS.writer, ADMIN: SECRETS.admin } });
  const audit = openAuditStore({ file: ':memory:' });
  const app = createApp({
    manager,
    config,
    tokens,
    audit,
    mounts: { '/api/v1/images': imageRoutes({} as BuildService) },
    openapi: { paths: imagesOpenApiPaths() },
  });
  return { app, audit };
}

const as = (who: keyof typeof SECRETS, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${SECRETS[who]}` },
});

// Each request is one the route's own checks refuse with a 400, so "allowed" shows as 400.
const REQUESTS = {
  list: ['GET', '/api/v1/containers?bogus=1'],
  stop: ['POST', '/api/v1/containers/web/stop?timeout=x'],
  restart: ['POST', '/api/v1/containers/web/restart?timeout=x'],
  create: ['POST', '/api/v1/containers?bogus=1'],
  remove: ['DELETE', '/api/v1/containers/web?timeout=x'],
  cancelBuild: ['POST', '/api/v1/images/builds/not%20an%20id/cancel'],
  audit: ['GET', '/api/v1/audit?limit=0'],
} as const;

const MATRIX: Record<keyof typeof SECRETS, Partial<Record<keyof typeof REQUESTS, number>>> = {
  reader: { list: 400, stop: 403, restart: 403, create: 403, remove: 403, cancelBuild: 403, audit: 403 },
  operator: { list: 400, stop: 400, restart: 400, create: 403, remove: 403, cancelBuild: 400, audit: 403 },
  writer: { list: 400, stop: 400, restart: 400, create: 400, remove: 400, cancelBuild: 400, audit: 403 },
  admin: { list: 400, stop: 400, restart: 400, create: 400, remove: 400, cancelBuild: 400, audit: 400 },
  old: { list: 400, stop: 400, restart: 400, create: 400, remove: 400, cancelBuild: 400, audit: 400 },
};

describe('scopes', () => {
  const { app } = setup();
  for (const [who, row] of Object.entries(MATRIX) as [keyof typeof SECRETS, Record<string, number>][]) {
    for (const [name, status] of Object.entries(row)) {
      it(`${who} → ${name}: ${status}`, async () => {
        const [method, path] = REQUESTS[name as keyof typeof REQUESTS];
        const res = await app.request(path, as(who, { method }));
        expect(res.status).toBe(status);
      });
    }
  }

  it('names the missing scope and the token in a 403, never the secret', async () => {
    const res = await app.request('/api/v1/containers/web/stop', as('reader', { method: 'POST' }));
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(res.status).toBe(403);
    expect(body.error).toMatchObject({ code: 'forbidden', details: { missing_scope: 'operate', token: 'reader' } });
    expect(body.error.message).toMatch(/"operate" scope/);
    expect(JSON.stringify(body)).not.toContain(SECRETS.reader);
  });

  it('answers 401 to a missing or unknown token on every /api route, unknown ones included', async () => {
    for (const path of ['/api/v1/containers', '/api/v1/audit', '/api/v1/nothing-here']) {
      expect((await app.request(path)).status).toBe(401);
      const res = await app.request(path, { headers: { authorization: 'Bearer not-a-token' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await app.request('/health')).status).not.toBe(401);
  });

  it('lets any valid token see a 404 or 405 for a path no route serves', async () => {
    expect((await app.request('/api/v1/nothing-here', as('reader'))).status).toBe(404);
    expect((await app.request('/api/v1/audit', as('reader', { method: 'POST' }))).status).toBe(405);
  });

  it('every /api route the app serves declares a scope, and the document shows it with a 403', async () => {
    const routes = app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) expect(routeDefinitionOf(route.handler)?.scope, `${route.method} ${route.path}`).toMatch(/^(read|operate|write|admin)$/);
    const doc = (await (await app.request('/api/v1/openapi.json', as('reader'))).json()) as {
      paths: Record<string, Record<string, { 'x-mikrocloud-scope'?: string; responses: Record<string, unknown> }>>;
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (path === '/health') continue;
        expect(op['x-mikrocloud-scope'], `${method} ${path}`).toMatch(/^(read|operate|write|admin)$/);
        expect(op.responses['403'], `${method} ${path}`).toBeDefined();
      }
    }
    expect(doc.paths['/api/v1/audit']?.get?.['x-mikrocloud-scope']).toBe('admin');
    expect(doc.paths['/api/v1/containers/{id}/stop']?.post?.['x-mikrocloud-scope']).toBe('operate');
    expect(doc.paths['/api/v1/containers']?.post?.['x-mikrocloud-scope']).toBe('write');
  });

  it('without any token configured, every route is open (loopback use)', async () => {
    const open = createApp({ manager, config: defaultConfig({}) });
    expect((await open.request('/api/v1/containers/web/stop?timeout=x', { method: 'POST' })).status).toBe(400);
  });
});
