import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Labels } from '@mikrocloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig, type MikrocloudConfig } from './config.js';
import { readOrCreateInstanceId } from './instance-id.js';
import { createManager } from './manager.js';
import { startServer, type RunningServer } from './server.js';
import { TEST_ENGINES, TEST_LABEL, engineAt, newRunId, removeTestContainers, type TestEngine } from './test-support.js';

// A container the server did not create, or that another server on the same engine created, is
// as missing to it: every verb, by name and by id, answers 404, and the container is untouched.

describe.each(TEST_ENGINES)('container scope on $name', (target) => {
  const runId = newRunId();
  const foreignName = `mctest-${runId}-foreign`;
  const otherName = `mctest-${runId}-other-instance`;
  const secret = `secret-output-${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'mctest-scope-'));
  let instanceId: string;
  let foreign: { id: string; startedAt: string };
  let other: { id: string };
  const servers: Record<'instance' | 'managed' | 'exposed', RunningServer | undefined> = { instance: undefined, managed: undefined, exposed: undefined };

  const engine = (method: string, path: string, body?: unknown) => engineAt(target.socket, method, path, body);
  const call = (server: keyof typeof servers, path: string, init?: RequestInit) => fetch(`${servers[server]!.url}${path}`, init);

  function configFor(engineTarget: TestEngine, server: Partial<MikrocloudConfig['server']>): MikrocloudConfig {
    const config = defaultConfig({});
    Object.assign(config.docker, { runtime: engineTarget.runtime, socket_path: engineTarget.socket, rootless: engineTarget.rootless });
    Object.assign(config.server, { data_dir: dataDir }, server);
    return config;
  }

  async function serve(server: Partial<MikrocloudConfig['server']>): Promise<RunningServer> {
    const config = configFor(target, server);
    const manager = await createManager(config, { env: {}, instanceId });
    return startServer({ app: createApp({ manager, config }), host: '127.0.0.1', port: 0 });
  }

  /** Creates and starts a busybox container through the raw engine API. */
  async function rawContainer(name: string, labels: Record<string, string>): Promise<{ id: string; startedAt: string }> {
    const created = await engine('POST', `/containers/create?name=${name}`, {
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', `echo ${secret}; exec sleep 3600`],
      Labels: { [TEST_LABEL]: runId, ...labels },
    });
    expect(created.status).toBe(201);
    const id = created.body.Id as string;
    expect((await engine('POST', `/containers/${id}/start`)).status).toBeLessThan(300);
    const inspected = await engine('GET', `/containers/${id}/json`);
    return { id, startedAt: inspected.body.State.StartedAt as string };
  }

  beforeAll(async () => {
    instanceId = readOrCreateInstanceId(dataDir);
    foreign = await rawContainer(foreignName, {});
    other = await rawContainer(otherName, { [Labels.managed]: 'true', [Labels.instance]: `other-${runId}` });
    servers.instance = await serve({ scope: 'instance' });
    servers.managed = await serve({ scope: 'managed' });
    servers.exposed = await serve({ scope: 'instance', expose_unmanaged: true });
  });

  afterAll(async () => {
    await removeTestContainers(runId, target.socket);
    for (const s of Object.values(servers)) await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const verbs: Array<[string, (ref: string) => [string, RequestInit]]> = [
    ['inspect', (ref) => [`/api/v1/containers/${ref}`, {}]],
    ['logs', (ref) => [`/api/v1/containers/${ref}/logs?tail=10`, {}]],
    ['logs (SSE)', (ref) => [`/api/v1/containers/${ref}/logs`, { headers: { accept: 'text/event-stream' } }]],
    ['start', (ref) => [`/api/v1/containers/${ref}/start`, { method: 'POST' }]],
    ['stop', (ref) => [`/api/v1/containers/${ref}/stop?timeout=0`, { method: 'POST' }]],
    ['restart', (ref) => [`/api/v1/containers/${ref}/restart?timeout=0`, { method: 'POST' }]],
    ['delete', (ref) => [`/api/v1/containers/${ref}?timeout=0`, { method: 'DELETE' }]],
  ];

  /** The answer with the reference replaced, so a foreign container's and a missing one's compare. */
  async function answer(server: keyof typeof servers, ref: string, verb: (ref: string) => [string, RequestInit]) {
    const [path, init] = verb(ref);
    const res = await call(server, path, init);
    const text = await res.text();
    return { status: res.status, text, body: text.split(ref).join('<ref>') };
  }

  it('answers a foreign container, by name and by id, on every verb exactly as a missing one, and leaves it untouched', async () => {
    for (const [verb, request] of verbs) {
      const missing = await answer('instance', `mctest-${runId}-missing`, request);
      expect(missing.status, verb).toBe(404);
      for (const ref of [foreignName, foreign.id]) {
        const got = await answer('instance', ref, request);
        expect(got.status, `${verb} ${ref}`).toBe(404);
        expect(JSON.parse(got.text).error.code).toBe('not_found');
        expect(got.text).not.toContain(secret);
        if (ref === foreignName) expect(got.body, `${verb} answers as for a missing container`).toBe(missing.body);
      }
    }
    const after = await engine('GET', `/containers/${foreign.id}/json`);
    expect(after.status).toBe(200);
    expect(after.body.State.Running).toBe(true);
    expect(after.body.State.StartedAt).toBe(foreign.startedAt);
  });

  it('hides a foreign container from the list, and refuses ?all=true unless expose_unmanaged is set', async () => {
    const label = encodeURIComponent(`${TEST_LABEL}=${runId}`);
    for (const server of ['instance', 'managed'] as const) {
      const listed = (await (await call(server, `/api/v1/containers?label=${label}`)).json()) as Array<{ name: string }>;
      expect(listed.map((c) => c.name)).not.toContain(foreignName);
      const all = await call(server, `/api/v1/containers?all=true&label=${label}`);
      expect(all.status).toBe(400);
      const body = (await all.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toContain('all');
    }
    const exposed = (await (await call('exposed', `/api/v1/containers?all=true&label=${label}`)).json()) as Array<{ name: string }>;
    expect(exposed.map((c) => c.name).sort()).toEqual([foreignName, otherName].sort());
    // With expose_unmanaged the same rules apply to every container: it can be inspected.
    expect((await call('exposed', `/api/v1/containers/${foreignName}`)).status).toBe(200);
  });

  it("sees another instance's container only in the managed scope", async () => {
    const label = encodeURIComponent(`${TEST_LABEL}=${runId}`);
    for (const ref of [otherName, other.id]) {
      expect((await call('instance', `/api/v1/containers/${ref}`)).status).toBe(404);
      expect((await call('instance', `/api/v1/containers/${ref}/stop?timeout=0`, { method: 'POST' })).status).toBe(404);
      expect((await call('managed', `/api/v1/containers/${ref}`)).status).toBe(200);
    }
    expect((await engine('GET', `/containers/${other.id}/json`)).body.State.Running).toBe(true);
    const inInstance = (await (await call('instance', `/api/v1/containers?label=${label}`)).json()) as Array<{ name: string }>;
    expect(inInstance.map((c) => c.name)).not.toContain(otherName);
    const inManaged = (await (await call('managed', `/api/v1/containers?label=${label}`)).json()) as Array<{ name: string }>;
    expect(inManaged.map((c) => c.name)).toEqual([otherName]);
  });

  it('labels what it creates with its instance id, kept in a private file', async () => {
    expect(statSync(join(dataDir, 'instance-id')).mode & 0o777).toBe(0o600);
    expect(readOrCreateInstanceId(dataDir)).toBe(instanceId);
    const res = await call('instance', '/api/v1/containers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'busybox:latest', name: `mctest-${runId}-mine`, command: ['true'], labels: { [TEST_LABEL]: runId } }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    const raw = await engine('GET', `/containers/${created.id}/json`);
    expect(raw.body.Config.Labels).toMatchObject({ [Labels.managed]: 'true', [Labels.instance]: instanceId });
    expect((await call('instance', `/api/v1/containers/${created.id}`)).status).toBe(200);
    expect((await call('managed', `/api/v1/containers/${created.id}`)).status).toBe(200);
    expect((await call('instance', `/api/v1/containers/${created.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});
