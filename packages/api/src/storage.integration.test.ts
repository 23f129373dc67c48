import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerDetails, NetworkInfo, PruneResult, VolumeInfo, createValidator } from '@mikrocloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { tokenDigest } from './auth/tokens.js';
import { defaultConfig } from './config.js';
import { createManager } from './manager.js';
import { startServer, type RunningServer } from './server.js';
import { TEST_ENGINES, TEST_LABEL, engineAt, newRunId, removeTestContainers } from './test-support.js';

const details = createValidator(ContainerDetails);
const volumeInfo = createValidator(VolumeInfo);
const networkInfo = createValidator(NetworkInfo);
const pruneResult = createValidator(PruneResult);

// Docker and rootless Podman (the engine that differs most); rootful Podman runs the same calls in
// runtime-podman's conformance suite.
const ENGINES = TEST_ENGINES.filter((e) => e.name !== 'podman (rootful)');

describe.each(ENGINES)('volumes and networks API on $name', (target) => {
  const runId = newRunId();
  const prefix = `mctest-${runId}`;
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  const engine = (method: string, path: string, body?: unknown) => engineAt(target.socket, method, path, body);
  let server: RunningServer;
  /** The same app behind tokens: `reader` (read) and `operator` (operate). */
  let guarded: RunningServer;
  let bindRoot: string;

  const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  const send = (method: string, path: string, body?: unknown) =>
    api(path, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const problem = async (res: Response) => {
    const body = (await res.json()) as { error: { code: string; details?: Array<{ field: string }> } };
    return { status: res.status, code: body.error.code, fields: (body.error.details ?? []).map((d) => d.field) };
  };

  beforeAll(async () => {
    bindRoot = mkdtempSync(join(tmpdir(), 'mctest-api-bind-'));
    const config = defaultConfig({});
    Object.assign(config.docker, { runtime: target.runtime, socket_path: target.socket, rootless: target.rootless });
    const manager = await createManager(config, { env: {}, instanceId: prefix, labels: { [TEST_LABEL]: runId } });
    server = await startServer({ app: createApp({ manager, config }), host: '127.0.0.1', port: 0 });
    const tokens = [
      { name: 'reader', scopes: ['read' as const], sha256: tokenDigest(`reader-${runId}`) },
      { name: 'operator', scopes: ['operate' as const], sha256: tokenDigest(`operator-${runId}`) },
    ];
    guarded = await startServer({ app: createApp({ manager, config, tokens }), host: '127.0.0.1', port: 0 });
    // An unlabelled volume and network, as another program would leave them.
    await engine('POST', '/volumes/create', { Name: `${prefix}-foreign`, Labels: { [TEST_LABEL]: runId } });
    await engine('POST', '/networks/create', { Name: `${prefix}-foreignnet`, Labels: { [TEST_LABEL]: runId } });
  });

  afterAll(async () => {
    await removeTestContainers(runId, target.socket);
    const networks = await engine('GET', `/networks?filters=${filters}`);
    for (const n of (networks.body as Array<{ Id: string }>) ?? []) await engine('DELETE', `/networks/${n.Id}`);
    const volumes = await engine('GET', `/volumes?filters=${filters}`);
    for (const v of (volumes.body as { Volumes?: Array<{ Name: string }> }).Volumes ?? []) await engine('DELETE', `/volumes/${v.Name}?force=1`);
    await server?.close();
    await guarded?.close();
    if (bindRoot) rmSync(bindRoot, { recursive: true, force: true });
  });

  it('answers every bad field with a 400 naming it', async () => {
    expect(await problem(await send('POST', '/api/v1/volumes', { name: '-x' }))).toMatchObject({ status: 400, fields: ['name'] });
    expect(await problem(await send('POST', '/api/v1/volumes', { nme: 'x' }))).toMatchObject({ status: 400, fields: ['nme'] });
    expect(await problem(await send('POST', '/api/v1/networks', { name: 'bridge' }))).toMatchObject({ status: 400, fields: ['name'] });
    expect(await problem(await send('POST', '/api/v1/networks', { name: 'ok', internal: 'yes' }))).toMatchObject({ status: 400, fields: ['internal'] });
    expect(await problem(await send('GET', '/api/v1/volumes/-bad'))).toMatchObject({ status: 400, fields: ['name'] });
    expect(await problem(await send('POST', '/api/v1/volumes/prune?dry_run=maybe'))).toMatchObject({ status: 400, fields: ['dry_run'] });
    expect(await problem(await send('POST', `/api/v1/networks/${prefix}-x/connect`, { container: 'a b', aliases: ['-y'] }))).toMatchObject({
      status: 400,
      fields: ['container', 'aliases.0'],
    });
    const bind = await send('POST', '/api/v1/containers', { image: 'busybox:latest', mounts: [{ type: 'bind', source: bindRoot, target: '/host' }] });
    expect(await problem(bind)).toMatchObject({ status: 400, fields: ['mounts.0.source'] });
    const bad = await send('POST', '/api/v1/containers', {
      image: 'busybox:latest',
      mounts: [{ type: 'tmpfs', target: 'relative' }],
      networks: [{ name: 'a b' }],
    });
    expect(await problem(bad)).toMatchObject({ status: 400 });
  });

  it('never shows or joins volumes and networks it did not create', async () => {
    expect((await send('GET', `/api/v1/volumes/${prefix}-foreign`)).status).toBe(404);
    expect((await send('DELETE', `/api/v1/volumes/${prefix}-foreign`)).status).toBe(404);
    expect((await send('GET', `/api/v1/networks/${prefix}-foreignnet`)).status).toBe(404);
    expect((await send('GET', '/api/v1/networks/bridge')).status).toBe(404);
    const names = ((await (await send('GET', '/api/v1/volumes')).json()) as VolumeInfo[]).map((v) => v.name);
    expect(names).not.toContain(`${prefix}-foreign`);
    const mount = await send('POST', '/api/v1/containers', {
      image: 'busybox:latest',
      labels: { [TEST_LABEL]: runId },
      mounts: [{ type: 'volume', source: `${prefix}-foreign`, target: '/data' }],
    });
    expect(mount.status).toBe(404);
    expect(((await mount.json()) as { error: { message: string } }).error.message).toContain('mounts.0.source');
    const join = await send('POST', '/api/v1/containers', { image: 'busybox:latest', labels: { [TEST_LABEL]: runId }, networks: [{ name: `${prefix}-foreignnet` }] });
    expect(join.status).toBe(404);
    expect(((await join.json()) as { error: { message: string } }).error.message).toContain(`${prefix}-foreignnet`);
    expect((await engine('GET', `/volumes/${prefix}-foreign`)).status).toBe(200);
  });

  it('creates volumes and networks, puts a container on them and reports it, and cleans up', async () => {
    const created = await send('POST', '/api/v1/volumes', { name: `${prefix}-data` });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/volumes/${prefix}-data`);
    const volume = volumeInfo.parse(await created.json());
    expect(volume.labels).toMatchObject({ 'io.mikrocloud.managed': 'true', 'io.mikrocloud.instance': prefix });
    expect(volumeInfo.parse(await (await send('GET', `/api/v1/volumes/${volume.name}`)).json())).toEqual(volume);
    expect((await send('POST', '/api/v1/volumes', { name: volume.name })).status).toBe(409);
    const unnamed = volumeInfo.parse(await (await send('POST', '/api/v1/volumes')).json());

    const netRes = await send('POST', '/api/v1/networks', { name: `${prefix}-net` });
    expect(netRes.status).toBe(201);
    const network = networkInfo.parse(await netRes.json());
    const other = networkInfo.parse(await (await send('POST', '/api/v1/networks', { name: `${prefix}-other`, internal: true })).json());
    expect(other.internal).toBe(true);
    expect(((await (await send('GET', '/api/v1/networks')).json()) as NetworkInfo[]).map((n) => n.name).sort()).toEqual([network.name, other.name].sort());

    const res = await send('POST', '/api/v1/containers', {
      image: 'busybox:latest',
      name: `${prefix}-app`,
      command: ['sleep', '600'],
      labels: { [TEST_LABEL]: runId },
      mounts: [
        { type: 'volume', source: volume.name, target: '/data' },
        { type: 'tmpfs', target: '/scratch', size_mb: 2 },
      ],
      networks: [{ name: network.name, aliases: ['app'] }],
    });
    expect(res.status).toBe(201);
    const container = details.parse(await res.json());
    expect(container.mounts).toEqual([
      { type: 'volume', source: volume.name, target: '/data', read_only: false },
      { type: 'tmpfs', target: '/scratch', size_mb: 2 },
    ]);
    expect(container.networks).toEqual([{ name: network.name, aliases: ['app'], ip_address: null }]);

    expect((await send('POST', `/api/v1/networks/${other.name}/connect`, { container: container.name, aliases: ['inner'] })).status).toBe(204);
    const joined = details.parse(await (await send('GET', `/api/v1/containers/${container.id}`)).json());
    expect(joined.networks.map((n) => n.name).sort()).toEqual([network.name, other.name].sort());
    expect((await send('POST', `/api/v1/networks/${other.name}/disconnect`, { container: container.name })).status).toBe(204);
    expect((await send('POST', '/api/v1/networks/bridge/connect', { container: container.name })).status).toBe(404);

    const dry = pruneResult.parse(await (await send('POST', '/api/v1/volumes/prune?dry_run=true')).json());
    expect(dry).toEqual({ removed: [unnamed.name], dry_run: true });
    expect((await send('DELETE', `/api/v1/volumes/${volume.name}`)).status).toBe(409);
    const pruned = pruneResult.parse(await (await send('POST', '/api/v1/volumes/prune')).json());
    expect(pruned).toEqual({ removed: [unnamed.name], dry_run: false });

    expect((await send('DELETE', `/api/v1/containers/${container.id}?timeout=0`)).status).toBe(204);
    expect((await send('DELETE', `/api/v1/networks/${network.name}`)).status).toBe(204);
    expect((await send('DELETE', `/api/v1/networks/${other.name}`)).status).toBe(204);
    expect((await send('DELETE', `/api/v1/volumes/${volume.name}`)).status).toBe(204);
    expect((await send('GET', `/api/v1/volumes/${volume.name}`)).status).toBe(404);
    expect((await engine('GET', `/volumes/${prefix}-foreign`)).status).toBe(200);
  });

  it('lets read tokens list and inspect, and only write tokens change volumes and networks', async () => {
    const as = (who: string, method: string, path: string, body?: unknown) =>
      fetch(`${guarded.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${who}-${runId}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await as('reader', 'GET', '/api/v1/volumes')).status).toBe(200);
    expect((await as('reader', 'GET', '/api/v1/networks')).status).toBe(200);
    expect((await as('reader', 'GET', `/api/v1/volumes/${prefix}-none`)).status).toBe(404);
    for (const [method, path, body] of [
      ['POST', '/api/v1/volumes', { name: `${prefix}-denied` }],
      ['DELETE', `/api/v1/volumes/${prefix}-x`, undefined],
      ['POST', '/api/v1/volumes/prune?dry_run=true', undefined],
      ['POST', '/api/v1/networks', { name: `${prefix}-denied` }],
      ['DELETE', `/api/v1/networks/${prefix}-x`, undefined],
      ['POST', `/api/v1/networks/${prefix}-x/connect`, { container: 'x' }],
      ['POST', `/api/v1/networks/${prefix}-x/disconnect`, { container: 'x' }],
    ] as const) {
      expect((await as('operator', method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    expect((await engine('GET', `/volumes/${prefix}-denied`)).status).toBe(404);
  });
});
