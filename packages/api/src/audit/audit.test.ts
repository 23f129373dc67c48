import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { untouchedManager } from '../test-support.js';
import { defaultConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { auditFileIn, openAuditStore, type AuditRecord } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'mctest-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { manager } = untouchedManager();

const entry = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  time: new Date().toISOString(),
  request_id: 'r',
  token: 'ci',
  method: 'POST',
  route: '/api/v1/containers/:id/stop',
  target: 'web',
  status: 200,
  error: null,
  ...over,
});

describe('audit store', () => {
  it('pages newest first with a cursor and filters by token and outcome', () => {
    const store = openAuditStore({ file: ':memory:' });
    for (let i = 0; i < 5; i++) store.record(entry({ request_id: `ok-${i}` }));
    store.record(entry({ token: 'anonymous', status: 401, error: 'unauthorized' }));
    store.record(entry({ token: 'reader', status: 403, error: 'forbidden' }));
    store.record(entry({ status: 400, error: 'validation_failed' }));

    const first = store.list({ limit: 3 });
    expect(first.entries.map((e) => e.status)).toEqual([400, 403, 401]);
    expect(first.next_before).toBe(first.entries[2]?.id);
    const second = store.list({ limit: 3, before: first.next_before ?? 0 });
    expect(second.entries.map((e) => e.request_id)).toEqual(['ok-4', 'ok-3', 'ok-2']);
    expect(store.list({ limit: 3, before: second.next_before ?? 0 }).next_before).toBeNull();

    expect(store.list({ token: 'reader' }).entries).toHaveLength(1);
    expect(store.list({ outcome: 'refused' }).entries.map((e) => e.status)).toEqual([403, 401]);
    expect(store.list({ outcome: '4xx' }).entries).toHaveLength(3);
    expect(store.list({ outcome: 'success' }).entries).toHaveLength(5);
    expect(store.list({ outcome: 'failure', token: 'ci' }).entries).toHaveLength(1);
    expect(store.list({ outcome: '401' }).entries[0]).toMatchObject({ token: 'anonymous', error: 'unauthorized', target: 'web' });
    store.close();
  });

  it('deletes entries past the retention when opened', () => {
    const file = join(dir, 'retention', 'audit.db');
    const old = openAuditStore({ file, now: () => new Date('2026-01-01T00:00:00Z') });
    old.record(entry({ time: '2025-01-01T00:00:00Z', request_id: 'ancient' }));
    old.record(entry({ time: '2026-11-01T00:00:00Z', request_id: 'recent' }));
    old.close();
    const store = openAuditStore({ file, retentionDays: 90, now: () => new Date('2026-11-29T00:00:00Z') });
    expect(store.list().entries.map((e) => e.request_id)).toEqual(['recent']);
    store.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'retention')).mode & 0o777).toBe(0o700);
  });
});

describe('audit trail through the app', () => {
  const secret = 'audit-test-secret-value-7f3a';
  const reader = 'audit-test-reader-secret-91c2';

  function setup(dataDir: string) {
    const config = defaultConfig({});
    config.server.tokens = [
      { name: 'ci', scopes: ['admin'], token_env: 'CI_TOKEN' },
      { name: 'viewer', scopes: ['read'], token_env: 'VIEW_TOKEN' },
    ];
    const lines: string[] = [];
    const logger: Logger = { info: (m, f) => lines.push(JSON.stringify({ m, ...f })), warn: () => {}, error: (m, f) => lines.push(JSON.stringify({ m, ...f })) };
    const audit = openAuditStore({ file: auditFileIn(dataDir) });
    const app = createApp({ manager, config, logger, audit });
    return { app, audit, lines };
  }

  it('records state-changing and refused requests with token, route pattern, target and request id; never a secret', async () => {
    process.env.CI_TOKEN = secret;
    process.env.VIEW_TOKEN = reader;
    const dataDir = join(dir, 'data');
    const { app, audit, lines } = setup(dataDir);
    delete process.env.CI_TOKEN;
    delete process.env.VIEW_TOKEN;
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });

    const validation = await app.request(`/api/v1/containers/web/stop?timeout=x&token=${secret}`, { method: 'POST', headers: auth(secret) });
    expect(validation.status).toBe(400);
    const requestId = validation.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.request('/api/v1/containers/db/restart', { method: 'POST', headers: auth('wrong-guess') })).status).toBe(401);
    expect((await app.request('/api/v1/containers/db', { method: 'DELETE', headers: auth(reader) })).status).toBe(403);
    expect((await app.request('/api/v1/containers', { headers: { ...auth(secret), origin: 'https://evil.example' } })).status).toBe(403);
    expect((await app.request('/health', { headers: { host: 'evil.example' } })).status).toBe(421);
    // A successful read is not recorded.
    expect((await app.request('/api/v1/audit', { headers: auth(secret) })).status).toBe(200);

    const page = (await (await app.request('/api/v1/audit?limit=10', { headers: auth(secret) })).json()) as { entries: Record<string, unknown>[] };
    expect(page.entries.map((e) => [e.token, e.method, e.route, e.target, e.status, e.error])).toEqual([
      ['anonymous', 'GET', '/health', null, 421, 'misdirected_request'],
      // Refused by the origin check, before the token is looked at.
      ['anonymous', 'GET', '/api/v1/containers', null, 403, 'forbidden'],
      ['viewer', 'DELETE', '/api/v1/containers/:id', 'db', 403, 'forbidden'],
      ['anonymous', 'POST', '/api/v1/containers/:id/restart', 'db', 401, 'unauthorized'],
      ['ci', 'POST', '/api/v1/containers/:id/stop', 'web', 400, 'validation_failed'],
    ]);
    expect(page.entries.at(-1)?.request_id).toBe(requestId);
    expect(lines.some((l) => l.includes(`"request_id":"${requestId}"`) && l.includes('"token":"ci"'))).toBe(true);

    const refused = (await (await app.request('/api/v1/audit?outcome=refused&token=anonymous', { headers: auth(secret) })).json()) as { entries: unknown[] };
    expect(refused.entries).toHaveLength(3);
    expect((await app.request('/api/v1/audit?outcome=maybe', { headers: auth(secret) })).status).toBe(400);

    audit.close();
    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, file));
      expect(bytes.includes(secret), file).toBe(false);
      expect(bytes.includes(reader), file).toBe(false);
      expect(bytes.includes('wrong-guess'), file).toBe(false);
    }
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('without a store nothing is recorded and the audit route is not served', async () => {
    const app = createApp({ manager, config: defaultConfig({}) });
    expect((await app.request('/api/v1/audit')).status).toBe(404);
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/api/v1/audit']).toBeUndefined();
  });
});
