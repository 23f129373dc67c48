import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerDetails, ContainerInfo, createValidator } from '@mikrocloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig, resolveBuildDir, type MikrocloudConfig } from './config.js';
import { createManager } from './manager.js';
import { startServer, type RunningServer } from './server.js';
import {
  SocketProxy,
  TEST_ENGINES,
  TEST_LABEL,
  engineAt,
  eventually,
  freePort,
  newRunId,
  readEvents,
  removeTestContainers,
  type TestEngine,
} from './test-support.js';

// Every engine gets the same requests with the same names (each engine has its own store), so
// their answers can be compared field by field at the end.
const runId = newRunId();
const name = `mctest-${runId}-nginx`;
const broken = `mctest-${runId}-broken`;
const details = createValidator(ContainerDetails);
const info = createValidator(ContainerInfo);

/** What each engine answered, by engine name then step, normalised by {@link normalise}. */
const answers = new Map<string, Record<string, unknown>>();

/** Configuration naming the engine: the manager comes from `createManager`, as in the server. */
function configFor(target: TestEngine, socketPath: string = target.socket): MikrocloudConfig {
  const config = defaultConfig({});
  Object.assign(config.docker, { runtime: target.runtime, socket_path: socketPath, rootless: target.rootless });
  return config;
}

/** Object keys sorted at every level, so that key order does not count. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/**
 * An answer with what legitimately differs between engines replaced: ids, times, container addresses, the host port
 * (each engine publishes its own; they become 65536 and up, ports no engine uses), the runtime name, and
 * the age in a list `status` ("Up 2 seconds"), and the limits applied (rootless Podman on cgroup v1
 * applies none; the conformance suite's resource cases check them per engine).
 */
function normalise(value: unknown, hostPorts: number[], runtime: string): unknown {
  let text = JSON.stringify(sortKeys(value))
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})/g, '<time>')
    .replace(new RegExp(`"${runtime}"`, 'g'), '"<runtime>"')
    .replace(/"(Up|Exited \([0-9]+\)) [^"]*"/g, '"$1 <age>"')
    .replace(/"ip_address":"[^"]+"/g, '"ip_address":"<address>"')
    .replace(/"resources":\{[^}]*\}/g, '"resources":"<limits>"');
  hostPorts.forEach((port, i) => (text = text.replace(new RegExp(`\\b${port}\\b`, 'g'), String(65536 + i))));
  return JSON.parse(text);
}

describe.each(TEST_ENGINES)('containers API on $name', (target) => {
  let hostPort: number;
  /** A second free port: UDP on 127.0.0.1 and TCP on every address. */
  let udpPort: number;
  let server: RunningServer;
  let proxied: RunningServer;
  let proxy: SocketProxy;
  let proxyDir: string;
  const shutdown = new AbortController();
  let id: string;
  const seen: Record<string, unknown> = {};

  const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  const post = (path: string, body?: unknown) =>
    api(path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const engine = (method: string, path: string, body?: unknown) => engineAt(target.socket, method, path, body);
  const record = (step: string, value: unknown) => void (seen[step] = normalise(value, [hostPort, udpPort], target.runtime));
  const errorOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code });

  async function nginxAnswers(): Promise<string> {
    return eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${hostPort}/`);
      return res.ok ? await res.text() : undefined;
    });
  }

  beforeAll(async () => {
    hostPort = await freePort();
    udpPort = await freePort();
    const config = configFor(target);
    const manager = await createManager(config, { env: {} });
    server = await startServer({ app: createApp({ manager, config, shutdownSignal: shutdown.signal }), host: '127.0.0.1', port: 0 });

    // A second app reaches the engine through a proxy that shows which engine connections are open.
    proxyDir = mkdtempSync(join(tmpdir(), 'mctest-proxy-'));
    proxy = new SocketProxy(join(proxyDir, 'engine.sock'), target.socket);
    await proxy.open();
    const viaProxy = configFor(target, proxy.path);
    viaProxy.server.expose_unmanaged = true;
    proxied = await startServer({ app: createApp({ manager: await createManager(viaProxy, { env: {} }), config: viaProxy }), host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    answers.set(target.name, seen);
    await removeTestContainers(runId, target.socket);
    await server?.close();
    await proxied?.close();
    await proxy?.close();
    if (proxyDir) rmSync(proxyDir, { recursive: true, force: true });
  });

  it('creates the documented example (201) exactly as the engine then shows it', async () => {
    const res = await post('/api/v1/containers', {
      image: 'nginx:alpine',
      name,
      ports: { [String(hostPort)]: '80' },
      environment: { ENV: 'production' },
      restart_policy: 'unless-stopped',
      labels: { [TEST_LABEL]: runId },
    });
    expect(res.status).toBe(201);
    const body = details.parse(await res.json());
    id = body.id;
    record('create', body);
    expect(res.headers.get('location')).toBe(`/api/v1/containers/${id}`);
    expect(body).toMatchObject({ name, image: 'nginx:alpine', state: 'created', restart_policy: 'unless-stopped', exit_code: null, started_at: null });
    expect(body.ports).toEqual([{ host_ip: '0.0.0.0', host_port: hostPort, container_port: 80, protocol: 'tcp' }]);
    expect(body.environment).toEqual({ ENV: 'production', PATH: expect.any(String) });
    expect(body.working_dir).toBe('/');

    const inspected = await engine('GET', `/containers/${id}/json`);
    expect(inspected.status).toBe(200);
    expect(inspected.body.Name).toBe(`/${name}`);
    // Podman's compat API reports the name it resolved the short name to.
    expect(['nginx:alpine', 'docker.io/library/nginx:alpine']).toContain(inspected.body.Config.Image);
    expect(inspected.body.Config.Env).toContain('ENV=production');
    expect(inspected.body.Config.Labels).toMatchObject({ [TEST_LABEL]: runId, 'io.mikrocloud.managed': 'true' });
    expect(inspected.body.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    const bindings = inspected.body.HostConfig.PortBindings['80/tcp'] as { HostIp: string; HostPort: string }[];
    expect(bindings.map((b) => b.HostPort)).toEqual([String(hostPort)]);
    expect(['', '0.0.0.0']).toContain(bindings[0]?.HostIp);
  });

  it('answers 409 when the name is taken', async () => {
    const res = await post('/api/v1/containers', { image: 'nginx:alpine', name, labels: { [TEST_LABEL]: runId } });
    const error = await errorOf(res);
    record('name taken', error);
    expect(error).toEqual({ status: 409, code: 'conflict' });
  });

  it('inspects by id, id prefix and name; 404 JSON for an unknown one', async () => {
    for (const ref of [id, id.slice(0, 12), name]) {
      const res = await api(`/api/v1/containers/${ref}`);
      expect(res.status).toBe(200);
      expect(details.parse(await res.json()).id).toBe(id);
    }
    const missing = await api(`/api/v1/containers/mctest-${runId}-absent`);
    const error = await errorOf(missing);
    expect(error).toEqual({ status: 404, code: 'not_found' });
    const statuses: string[] = [];
    for (const [method, path] of [
      ['POST', '/start'],
      ['POST', '/stop'],
      ['POST', '/restart'],
      ['GET', '/logs'],
      ['DELETE', ''],
    ] as const) {
      const res = await api(`/api/v1/containers/mctest-${runId}-absent${path}`, { method });
      const { status, code } = await errorOf(res);
      statuses.push(`${method} ${path}: ${status} ${code}`);
    }
    record('unknown container', { inspect: error, others: statuses });
    expect(statuses.every((s) => s.endsWith('404 not_found'))).toBe(true);
  });

  it('starts it: 200 running, and the published port answers HTTP from the host', async () => {
    const res = await post(`/api/v1/containers/${id}/start`);
    expect(res.status).toBe(200);
    const body = details.parse(await res.json());
    expect(body.state).toBe('running');
    expect(await nginxAnswers()).toContain('Welcome to nginx!');
    expect((await engine('GET', `/containers/${id}/json`)).body.State.Running).toBe(true);
    record('start', body);
    record('inspect running', await (await api(`/api/v1/containers/${name}`)).json());
  });

  it('lists managed containers, filters by label, and shows unmanaged ones only with all=true and expose_unmanaged', async () => {
    const unmanaged = await engine('POST', `/containers/create?name=mctest-${runId}-unmanaged`, {
      Image: 'busybox:latest',
      Cmd: ['true'],
      Labels: { [TEST_LABEL]: runId },
    });
    expect(unmanaged.status).toBe(201);
    const label = encodeURIComponent(`${TEST_LABEL}=${runId}`);

    const managed = (await (await api(`/api/v1/containers?label=${label}`)).json()) as unknown[];
    expect(managed.map((c) => info.parse(c).name)).toEqual([name]);
    const listed = managed[0] as ContainerInfo;
    expect(listed).toMatchObject({ id, image: 'nginx:alpine', state: 'running', labels: { [TEST_LABEL]: runId } });
    expect(listed.ports).toEqual([{ host_ip: '0.0.0.0', host_port: hostPort, container_port: 80, protocol: 'tcp' }]);
    record('list', managed);

    expect(await errorOf(await api(`/api/v1/containers?all=true&label=${label}`))).toEqual({ status: 400, code: 'validation_failed' });
    const viaProxy = (path: string) => fetch(`${proxied.url}${path}`);
    const all = (await (await viaProxy(`/api/v1/containers?all=true&label=${label}`)).json()) as ContainerInfo[];
    expect(all.map((c) => c.name).sort()).toEqual([name, `mctest-${runId}-unmanaged`].sort());
    const other = all.find((c) => c.name !== name);
    expect(other).toMatchObject({ image: 'busybox:latest', state: 'created', ports: [] });
    record('list unmanaged', { ...other, id: '<id>' });
    const none = (await (await viaProxy(`/api/v1/containers?all=true&label=${label}&label=${encodeURIComponent('no.such=label')}`)).json()) as unknown[];
    expect(none).toEqual([]);
  });

  it('returns logs as text, one line per log line', async () => {
    await nginxAnswers();
    // Rootless Podman's log pipe may deliver a line a moment after nginx answered.
    const text = await eventually(async () => {
      const res = await api(`/api/v1/containers/${name}/logs?tail=200`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const body = await res.text();
      return /"GET \/ HTTP\/1\.1" 200/.test(body) ? body : undefined;
    });
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/[\x00-\x08]/); // no multiplexing headers left in

    const stamped = await (await api(`/api/v1/containers/${name}/logs?tail=1&timestamps=true&stderr=false`)).text();
    expect(stamped.trim().split('\n')).toHaveLength(1);
    // RFC 3339 in UTC on every engine (Podman's compat API gives whole seconds, Docker nanoseconds).
    expect(stamped).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z [0-9.]+ - - \[/);
    record('log line', stamped.replace(/^\S+ /, '<time> ').replace(/^<time> [0-9.]+ /, '<time> <client> ').replace(/\[[^\]]+\]/, '[<time>]'));
  });

  it('follows logs live over SSE, and ends the stream with `event: end` on shutdown', async () => {
    const res = await api(`/api/v1/containers/${id}/logs?tail=0&timestamps=true`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // Requests made while the stream is open show up in it; once one has, shut the app down.
    const marker = `/mctest-${runId}-marker`;
    const traffic = setInterval(() => void fetch(`http://127.0.0.1:${hostPort}${marker}`).catch(() => {}), 200);
    let events: { event: string; data: string }[];
    try {
      events = await readEvents(res, (got) => {
        if (got.some((e) => e.event === 'message' && e.data.includes(marker) && e.data.includes('HTTP/1.1\\" 404'))) shutdown.abort();
        return got.some((e) => e.event === 'end');
      });
    } finally {
      clearInterval(traffic);
    }
    const data = events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data) as { stream: string; line: string; timestamp?: string });
    // Each marker request logs an access line on stdout (and a "not found" error line on stderr).
    expect(data.some((d) => d.line.includes(marker))).toBe(true);
    for (const d of data) {
      expect(['stdout', 'stderr']).toContain(d.stream);
      expect(d.timestamp).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$/);
    }
    expect(events.at(-1)?.event).toBe('end');
    const access = data.find((d) => d.line.includes(`"GET ${marker} HTTP/1.1" 404`));
    expect(access?.stream).toBe('stdout');
    record('log event', { keys: Object.keys(access ?? {}).sort(), stream: access?.stream });
  });

  it('closes the engine log stream when the SSE client disconnects', async () => {
    const follow = /GET \S*\/containers\/[0-9a-f]+\/logs\?\S*follow=(1|true)/;
    const client = new AbortController();
    const res = await fetch(`${proxied.url}/api/v1/containers/${id}/logs?tail=5`, {
      headers: { accept: 'text/event-stream' },
      signal: client.signal,
    });
    expect(res.status).toBe(200);
    const events = await readEvents(res, (e) => e.length >= 1);
    expect(events[0]?.event).toBe('message');
    expect(proxy.openMatching(follow)).toBe(1);
    client.abort();
    await eventually(async () => (proxy.openMatching(follow) === 0 ? true : undefined));
    expect(proxy.seenMatching(follow)).toBe(1);
  });

  it('resumes an SSE log after the Last-Event-ID a reconnecting client sends', async () => {
    // The first app's shutdown signal has fired (the test above); the second app still streams.
    const sse = { accept: 'text/event-stream' };
    const api = (path: string, init?: RequestInit) => fetch(`${proxied.url}${path}`, init);
    const first = (await readEvents(await api(`/api/v1/containers/${id}/logs?follow=false`, { headers: sse }), () => false)).filter(
      (e) => e.event === 'message',
    );
    expect(first.length).toBeGreaterThanOrEqual(3);
    for (const e of first) expect(e.id).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z#[1-9][0-9]*$/);
    const resumed = (
      await readEvents(await api(`/api/v1/containers/${id}/logs?follow=false&tail=1`, { headers: { ...sse, 'last-event-id': first[1]!.id! } }), () => false)
    ).filter((e) => e.event === 'message');
    // Lines may have been logged since; the resumed stream starts right after the named line.
    expect(resumed.slice(0, first.length - 2)).toEqual(first.slice(2));
    const bad = await api(`/api/v1/containers/${id}/logs`, { headers: { ...sse, 'last-event-id': 'not-an-id' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string }[] } }).error.details[0]?.field).toBe('Last-Event-ID');
  });

  it('stops (with a timeout) and restarts: 200 with the new state', async () => {
    const stop = await post(`/api/v1/containers/${id}/stop?timeout=5`);
    expect(stop.status).toBe(200);
    const stopped = details.parse(await stop.json());
    expect(stopped).toMatchObject({ state: 'exited', exit_code: 0 });
    expect((await engine('GET', `/containers/${id}/json`)).body.State.Running).toBe(false);
    record('stop', stopped);

    const restarted = await post(`/api/v1/containers/${id}/restart?timeout=1`);
    expect(restarted.status).toBe(200);
    expect(details.parse(await restarted.json()).state).toBe('running');
    expect(await nginxAnswers()).toContain('Welcome to nginx!');
  });

  it('answers 422 when the command cannot be executed, and keeps the container as created', async () => {
    const created = await post('/api/v1/containers', {
      image: 'busybox:latest',
      name: broken,
      command: ['mctest-no-such-command'],
      restart_policy: 'on-failure:3',
      ports: { [`127.0.0.1:${udpPort}/udp`]: '53/udp', [String(udpPort)]: '8080' },
      labels: { [TEST_LABEL]: runId },
    });
    expect(created.status).toBe(201);
    const started = await post(`/api/v1/containers/${broken}/start`);
    const error = await errorOf(started);
    expect(error).toEqual({ status: 422, code: 'unprocessable' });
    const after = details.parse(await (await api(`/api/v1/containers/${broken}`)).json());
    expect(after).toMatchObject({ state: 'created', restart_policy: 'on-failure:3', command: ['mctest-no-such-command'], exit_code: null });
    expect(after.ports).toEqual(
      expect.arrayContaining([
        { host_ip: '127.0.0.1', host_port: udpPort, container_port: 53, protocol: 'udp' },
        { host_ip: '0.0.0.0', host_port: udpPort, container_port: 8080, protocol: 'tcp' },
      ]),
    );
    expect(after.ports).toHaveLength(2);
    record('not executable', { start: error, after });
  });

  it('reports the runtime as the engine does', async () => {
    const res = await api('/api/v1/runtime/info');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const version = await engine('GET', '/version');
    expect(body).toMatchObject({
      runtime: target.runtime,
      socket_path: target.socket,
      rootless: target.rootless,
      build_dir: resolveBuildDir(defaultConfig({})),
      version: version.body.Version,
    });
    // Podman always adds one entry about builds (buildah's version, the isolation in force), and
    // rootless Podman without cgroup controllers says the default limits cannot be applied.
    const engineNotes = /^(builds use buildah|the Podman service has no cgroup controller)/;
    expect((body.warnings as string[]).filter((w) => !engineNotes.test(w))).toEqual([]);
    record(
      'runtime info',
      Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? 'array' : typeof v])),
    );
  });

  it('answers /health with the engine reachable', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ status: 'ok', engine: { reachable: true, runtime: target.runtime } });
    record('health', body);
  });

  it('deletes a running container (stopping it first): 204, then 404', async () => {
    expect((await engine('GET', `/containers/${id}/json`)).body.State.Running).toBe(true);
    const res = await api(`/api/v1/containers/${name}?timeout=2`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await engine('GET', `/containers/${id}/json`)).status).toBe(404);
    record('delete again', await errorOf(await api(`/api/v1/containers/${id}`, { method: 'DELETE' })));
  });
});

describe('the same answers on every engine', () => {
  const [reference, ...others] = TEST_ENGINES.map((t) => t.name);

  it.each(others)('%s answered every call as Docker did', (other) => {
    const expected = answers.get(reference as string);
    const actual = answers.get(other);
    // Each engine's own suite must have run to the end (so every step was recorded).
    expect(Object.keys(expected ?? {})).toHaveLength(14);
    expect(Object.keys(actual ?? {}).sort()).toEqual(Object.keys(expected ?? {}).sort());
    for (const step of Object.keys(expected ?? {})) expect(actual?.[step], step).toEqual(expected?.[step]);
  });
});
