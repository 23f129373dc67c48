import { RuntimeUnavailableError, type ContainerManager, type RuntimeInfo } from '@mikrocloud/core';
import { createEngineRegistry, type EngineRegistry } from '@mikrocloud/runtime';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { loadTokens } from '../auth/tokens.js';
import { defaultConfig } from '../config.js';

/**
 * A manager that answers list, info and create with its own name, so a test sees which engine a
 * request reached; `down` makes every call fail as an unreachable engine does.
 */
function namedManager(name: string, calls: string[], down = false): ContainerManager {
  const answer = <T>(method: string, value: T) => {
    calls.push(`${name}.${method}`);
    return down ? Promise.reject(new RuntimeUnavailableError(`engine ${name} is not reachable`)) : Promise.resolve(value);
  };
  return {
    runtime: name === 'pod' ? 'podman' : 'docker',
    socketPath: `/fake/${name}.sock`,
    ping: () => (down ? Promise.reject(new RuntimeUnavailableError(`engine ${name} is not reachable`)) : Promise.resolve()),
    info: () => answer('info', { runtime: name === 'pod' ? 'podman' : 'docker', rootless: false, version: `${name}-1.0`, warnings: [] } as unknown as RuntimeInfo),
    list: () => answer('list', [{ id: `${name}-container` }]),
    create: () => answer('create', { id: `${name}-new` }),
  } as unknown as ContainerManager;
}

function setup(tokens = false) {
  const calls: string[] = [];
  const manager = namedManager('default', calls);
  const engines: EngineRegistry = createEngineRegistry({
    probeTimeoutMs: 500,
    engines: [
      { name: 'default', manager },
      { name: 'pod', manager: namedManager('pod', calls), labels: { role: 'build' } },
      { name: 'gone', manager: namedManager('gone', calls, true) },
    ],
  });
  const config = defaultConfig({});
  if (tokens) config.server.tokens = [{ name: 'reader', scopes: ['read'], token_env: 'READER' }];
  const app = createApp({ manager, engines, config, ...(tokens ? { tokens: loadTokens(config, { env: { READER: 'reader-secret' } }) } : {}) });
  return { app, calls };
}

const createBody = '{"image":"nginx:alpine"}';
const created = { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(createBody.length) }, body: createBody };

describe('engine routes', () => {
  it('lists every engine; an unreachable one says so with its reason and the others answer', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/engines');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { name: 'default', runtime: 'docker', reachable: true, version: 'default-1.0', labels: {} },
      { name: 'pod', runtime: 'podman', reachable: true, version: 'pod-1.0', labels: { role: 'build' } },
      { name: 'gone', runtime: 'docker', reachable: false, reason: 'engine gone is not reachable', labels: {} },
    ]);
    expect(await (await app.request('/api/v1/engines/pod')).json()).toMatchObject({ name: 'pod', reachable: true });
  });

  it('sends unprefixed routes to the default engine and prefixed ones to the engine named', async () => {
    const { app, calls } = setup();
    expect(await (await app.request('/api/v1/containers')).json()).toEqual([{ id: 'default-container' }]);
    expect(await (await app.request('/api/v1/engines/pod/containers')).json()).toEqual([{ id: 'pod-container' }]);
    expect(await (await app.request('/api/v1/engines/default/containers')).json()).toEqual([{ id: 'default-container' }]);
    expect(calls).toEqual(['default.list', 'pod.list', 'default.list']);
    const info = await app.request('/api/v1/engines/pod/runtime/info');
    expect(await info.json()).toMatchObject({ version: 'pod-1.0', warnings: [] });
  });

  it('answers an engine that is down with 503 for that engine only', async () => {
    const { app } = setup();
    expect((await app.request('/api/v1/engines/gone/containers')).status).toBe(503);
    expect((await app.request('/api/v1/engines/pod/containers')).status).toBe(200);
  });

  it('answers an unknown engine with 404 not_found naming it, and a malformed name with 400 naming engine, before any engine is called', async () => {
    const { app, calls } = setup();
    for (const path of ['/api/v1/engines/nope/containers', '/api/v1/engines/nope', '/api/v1/engines/nope/images/prune']) {
      const res = await app.request(path, path.endsWith('prune') ? { method: 'POST' } : {});
      expect(res.status, path).toBe(404);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toContain('engine "nope" is not configured');
    }
    for (const name of ['No_Such', 'a%0Ab', 'a%00', `a${'b'.repeat(63)}`, '%E0', '-lead']) {
      const bad = await app.request(`/api/v1/engines/${name}/containers`);
      expect(bad.status, name).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ field: 'engine' }] } });
    }
    expect(calls).toEqual([]);
  });

  it('gives the Location of what it created under the engine that made it', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/engines/pod/containers', created);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/v1/engines/pod/containers/pod-new');
    expect((await app.request('/api/v1/containers', created)).headers.get('location')).toBe('/api/v1/containers/default-new');
  });

  it('applies authentication and scopes to prefixed routes as to unprefixed ones', async () => {
    const { app, calls } = setup(true);
    expect((await app.request('/api/v1/engines/nope/containers')).status).toBe(401);
    expect((await app.request('/api/v1/engines')).status).toBe(401);
    const reader = { authorization: 'Bearer reader-secret' };
    expect((await app.request('/api/v1/engines/pod/containers', { headers: reader })).status).toBe(200);
    const write = await app.request('/api/v1/engines/pod/containers', { ...created, headers: { ...created.headers, ...reader } });
    expect(write.status).toBe(403);
    expect(calls).toEqual(['pod.list']);
  });

  it('refuses a registry whose default engine is not the app manager', () => {
    const calls: string[] = [];
    const engines = createEngineRegistry({ engines: [{ name: 'default', manager: namedManager('other', calls) }] });
    expect(() => createApp({ manager: namedManager('default', calls), engines })).toThrow(/must be options.manager/);
  });
});
