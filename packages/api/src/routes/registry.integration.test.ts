import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageInfo, createValidator, type LogFields, type Logger } from '@mikrocloud/core';
import { requireTestRegistry } from '@mikrocloud/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { openAuditStore, type AuditStore } from '../audit/store.js';
import { defaultConfig, type MikrocloudConfig } from '../config.js';
import { createManager } from '../manager.js';
import { startServer, type RunningServer } from '../server.js';
import { TEST_ENGINES, engineAt, newRunId } from '../test-support.js';

const reg = requireTestRegistry();
const imageInfo = createValidator(ImageInfo);
const runId = newRunId();

/** Every line a logger was given, as text, so a test can look for a secret in it. */
function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** Server-sent events of a finished answer: `[event, data]` pairs. */
async function eventsOf(res: Response): Promise<Array<[string, unknown]>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return [name, JSON.parse(data) as unknown];
    });
}

describe.each(TEST_ENGINES)('registry API on $name', (target) => {
  const wrong = `wrong-${runId}-password`;
  let server: RunningServer;
  let audit: AuditStore;
  let dir: string;
  let authFile: string;
  const logLines: string[] = [];
  const bodies: string[] = [];

  const api = async (path: string, body: unknown, accept?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      body: JSON.stringify(body),
    });
    return res;
  };
  const removeSeed = () => engineAt(target.socket, 'DELETE', `/images/${reg.seed}?force=true`).catch(() => undefined);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-registry-api-'));
    authFile = join(dir, 'registry-auth.json');
    writeFileSync(authFile, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${reg.username}:${reg.password}`).toString('base64') } } }), { mode: 0o600 });
    const config: MikrocloudConfig = defaultConfig({});
    Object.assign(config.docker, { runtime: target.runtime, socket_path: target.socket, rootless: target.rootless });
    audit = openAuditStore({ file: join(dir, 'audit.db') });
    const manager = await createManager(config, { env: {} });
    server = await startServer({ app: createApp({ manager, config, audit, logger: recordingLogger(logLines) }), host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await removeSeed();
    await server?.close();
    audit?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulls with credentials in the body: progress events, then done with the image', async () => {
    await removeSeed();
    const res = await api('/api/v1/images/pull', { image: reg.seed, auth: { username: reg.username, password: reg.password } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await eventsOf(res);
    bodies.push(JSON.stringify(events));
    const progress = events.filter(([name]) => name === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(new Set(progress.map(([, d]) => (d as { layer: string }).layer)).size).toBeGreaterThanOrEqual(2);
    const last = events.at(-1)!;
    expect(last[0]).toBe('done');
    expect(imageInfo.parse(last[1]).tags).toContain(reg.seed);
  }, 120_000);

  it('answers JSON with Accept: application/json', async () => {
    const res = await api('/api/v1/images/pull', { image: reg.seed, auth: { username: reg.username, password: reg.password } }, 'application/json');
    const text = await res.text();
    bodies.push(text);
    expect(res.status).toBe(200);
    expect(imageInfo.parse(JSON.parse(text)).tags).toContain(reg.seed);
  }, 120_000);

  it('a wrong password is a 403 naming the registry, and the password is nowhere', async () => {
    await removeSeed();
    const res = await api('/api/v1/images/pull', { image: reg.seed, auth: { username: reg.username, password: wrong } });
    const text = await res.text();
    bodies.push(text);
    expect(res.status).toBe(403);
    expect(text).toContain(reg.host);
    expect(text).not.toContain(wrong);
  }, 60_000);

  it('refuses a malformed auth or body without echoing it', async () => {
    const bad = await api('/api/v1/images/pull', { image: reg.seed, auth: { username: reg.username, password: wrong, token: 'x' } });
    const text = await bad.text();
    expect(bad.status).toBe(400);
    expect(text).toContain('"auth"');
    expect(text).not.toContain(wrong);
    const raw = await fetch(`${server.url}/api/v1/images/pull`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"image":"x","auth":{"password":"${wrong}"` });
    const rawText = await raw.text();
    expect(raw.status).toBe(400);
    expect(rawText).not.toContain(wrong);
  });

  it('pushes only images a build made: busybox is a 404', async () => {
    const res = await api(`/api/v1/images/push/${encodeURIComponent('busybox:latest')}`, { auth: { username: reg.username, password: wrong } }, 'application/json');
    bodies.push(await res.text());
    expect(res.status).toBe(404);
  });

  it('never logs, answers or audits a password', () => {
    // The database and its write-ahead log, byte for byte.
    const auditFiles = readdirSync(dir).filter((f) => f.startsWith('audit.db'));
    const everything = [...logLines, ...bodies, ...auditFiles.map((f) => readFileSync(join(dir, f)).toString('latin1'))].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(reg.password);
    expect(audit.list({}).entries.length).toBeGreaterThan(0);
  });

  it('takes credentials from [docker] registry_auth_file, and refuses one other users can read', async () => {
    const config: MikrocloudConfig = defaultConfig({});
    Object.assign(config.docker, { runtime: target.runtime, socket_path: target.socket, rootless: target.rootless, registry_auth_file: authFile });
    const manager = await createManager(config, { env: {} });
    await removeSeed();
    const pulled = await manager.pullImage(reg.seed);
    expect(pulled.tags).toContain(reg.seed);

    const shared = join(dir, 'shared.json');
    writeFileSync(shared, '{}', { mode: 0o644 });
    await expect(createManager({ ...config, docker: { ...config.docker, registry_auth_file: shared } }, { env: {} })).rejects.toThrow(/registry_auth_file[\s\S]*chmod 600|chmod 600/);
  }, 120_000);
});
