import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { defaultConfig, type MikrocloudConfig } from '../config.js';
import { createManager } from '../manager.js';
import { startServer, type RunningServer } from '../server.js';
import { TEST_ENGINES, TEST_LABEL, engineAt, newRunId, readEvents, removeTestContainers } from '../test-support.js';

// Exec and wait through the real app and server, on every engine.

describe.each(TEST_ENGINES)('exec and wait routes on $name', (target) => {
  const runId = newRunId();
  const name = `mctest-${runId}-exec`;
  let server: RunningServer;
  let id: string;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (res: Response): Promise<any> => res.json();
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const config: MikrocloudConfig = defaultConfig({});
    Object.assign(config.docker, { runtime: target.runtime, socket_path: target.socket, rootless: target.rootless });
    Object.assign(config.server, { max_streams: 1 });
    const manager = await createManager(config, { env: {} });
    server = await startServer({ app: createApp({ manager, config }), host: '127.0.0.1', port: 0 });
    const created = await post('/api/v1/containers', {
      image: 'busybox:latest',
      name,
      command: ['sleep', '3600'],
      labels: { [TEST_LABEL]: runId },
      resources: { memory_mb: 64, pids_limit: 50 },
      healthcheck: { test: ['sh', '-c', 'test -e /tmp/ready'], interval_seconds: 1, retries: 3 },
    });
    expect(created.status).toBe(201);
    const details = await json(created);
    expect(details.health).toEqual({ status: 'starting', failing_streak: 0 });
    // The request's limits win; the configured default CPUs fill the rest (the engine picks the swap).
    if (!target.rootless) expect(details.resources).toMatchObject({ memory_mb: 64, cpus: config.docker.default_cpus ?? null, pids_limit: 50 });
    id = details.id;
    expect((await call(`/api/v1/containers/${id}/start`, { method: 'POST' })).status).toBe(200);
  });

  afterAll(async () => {
    await removeTestContainers(runId, target.socket);
    await server?.close();
  });

  it('streams a command as events, line by line, then its exit code', async () => {
    const res = await post(`/api/v1/containers/${name}/exec`, { command: ['sh', '-c', 'echo one; echo two >&2; touch /tmp/ready; exit 3'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(res, (seen) => seen.some((e) => e.event === 'exit'));
    expect(events.filter((e) => e.event === 'line').map((e) => JSON.parse(e.data))).toEqual(
      expect.arrayContaining([
        { stream: 'stdout', line: 'one' },
        { stream: 'stderr', line: 'two' },
      ]),
    );
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ exit_code: 3 });
  });

  it('answers one JSON object with Accept: application/json', async () => {
    const res = await post(`/api/v1/containers/${id}/exec`, { command: ['sh', '-c', 'echo "$X"; pwd'], env: { X: 'a b' }, working_dir: '/tmp' }, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ exit_code: 0, output: [{ stream: 'stdout', line: 'a b' }, { stream: 'stdout', line: '/tmp' }] });
  });

  it('waits until the container is healthy, and shows it in list and inspect', async () => {
    const res = await post(`/api/v1/containers/${id}/wait`, { condition: 'healthy', timeout_seconds: 60 });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ condition: 'healthy', health: { status: 'healthy', last_exit_code: 0 } });
    const listed = (await json(await call(`/api/v1/containers?label=${TEST_LABEL}=${runId}`))) as Array<{ id: string; health: unknown }>;
    expect(listed.find((c) => c.id === id)?.health).toEqual({ status: 'healthy' });
    expect((await json(await call(`/api/v1/containers/${id}`))).health.status).toBe('healthy');
  });

  it('answers 504 past the deadline of a wait', async () => {
    const res = await post(`/api/v1/containers/${id}/wait`, { timeout_seconds: 1 });
    expect(res.status).toBe(504);
    expect((await json(res)).error.code).toBe('timed_out');
  });

  it('names every bad field with a 400', async () => {
    const bad = await post(`/api/v1/containers/${id}/exec`, { command: [], tty: true, env: { 'A=B': '1' } });
    expect(bad.status).toBe(400);
    const fields = (await json(bad)).error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['command', 'tty']));
    const envBad = await post(`/api/v1/containers/${id}/exec`, { command: ['true'], env: { 'A=B': '1' }, user: 'a b' });
    expect(envBad.status).toBe(400);
    expect((await json(envBad)).error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['env.A=B', 'user']));
    const waitBad = await post(`/api/v1/containers/${id}/wait`, { condition: 'ready', timeout_seconds: -1 });
    expect(waitBad.status).toBe(400);
    expect((await json(waitBad)).error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['condition', 'timeout_seconds']));
    const health = await post('/api/v1/containers', { image: 'busybox:latest', healthcheck: { test: [''], interval_seconds: 0 }, resources: { memory_mb: 64, memory_swap_mb: 1 } });
    expect(health.status).toBe(400);
    expect((await json(health)).error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['healthcheck.interval_seconds']),
    );
  });

  it('answers 404 for a container outside the scope, and 409 for one not running', async () => {
    const foreign = await engineAt(target.socket, 'POST', `/containers/create?name=mctest-${runId}-foreign`, { Image: 'busybox:latest', Cmd: ['sleep', '60'], Labels: { [TEST_LABEL]: runId } });
    await engineAt(target.socket, 'POST', `/containers/${foreign.body.Id}/start`);
    expect((await post(`/api/v1/containers/mctest-${runId}-foreign/exec`, { command: ['true'] })).status).toBe(404);
    expect((await post(`/api/v1/containers/mctest-${runId}-foreign/wait`, {})).status).toBe(404);
    const stopped = await post('/api/v1/containers', { image: 'busybox:latest', name: `mctest-${runId}-stopped`, labels: { [TEST_LABEL]: runId } });
    expect((await post(`/api/v1/containers/mctest-${runId}-stopped/exec`, { command: ['true'] })).status).toBe(409);
    expect(stopped.status).toBe(201);
  });

  it('counts a running exec against server.max_streams', async () => {
    const controller = new AbortController();
    const first = await fetch(`${server.url}/api/v1/containers/${id}/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ command: ['sh', '-c', 'echo held; sleep 5'] }),
      signal: controller.signal,
    });
    await readEvents(first, (seen) => seen.some((e) => e.event === 'line'));
    const second = await post(`/api/v1/containers/${id}/exec`, { command: ['true'] }, { accept: 'application/json' });
    expect(second.status).toBe(429);
    controller.abort();
  });
});
