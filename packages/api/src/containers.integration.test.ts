import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerDetails, ContainerInfo, createValidator, type ContainerManager } from '@mikrocloud/core';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig } from './config.js';
import { startServer, type RunningServer } from './server.js';
import {
  DOCKER_SOCKET,
  SocketProxy,
  TEST_LABEL,
  engine,
  eventually,
  freePort,
  newRunId,
  readEvents,
  removeTestContainers,
} from './test-support.js';

const runId = newRunId();
const name = `mctest-${runId}-nginx`;
const details = createValidator(ContainerDetails);
const info = createValidator(ContainerInfo);

let hostPort: number;
let server: RunningServer;
let proxied: RunningServer;
let proxy: SocketProxy;
let proxyDir: string;
const shutdown = new AbortController();
let id: string;

const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
const post = (path: string, body?: unknown) =>
  api(path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function nginxAnswers(): Promise<string> {
  return eventually(async () => {
    const res = await fetch(`http://127.0.0.1:${hostPort}/`);
    return res.ok ? await res.text() : undefined;
  });
}

beforeAll(async () => {
  hostPort = await freePort();
  const config = defaultConfig();
  const manager: ContainerManager = new DockerContainerManager({ socketPath: DOCKER_SOCKET });
  server = await startServer({ app: createApp({ manager, config, shutdownSignal: shutdown.signal }), host: '127.0.0.1', port: 0 });

  // A second app reaches the engine through a proxy that shows which engine connections are open.
  proxyDir = mkdtempSync(join(tmpdir(), 'mctest-proxy-'));
  proxy = new SocketProxy(join(proxyDir, 'docker.sock'));
  await proxy.open();
  const viaProxy = new DockerContainerManager({ socketPath: proxy.path });
  proxied = await startServer({ app: createApp({ manager: viaProxy, config }), host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await removeTestContainers(runId);
  await server?.close();
  await proxied?.close();
  await proxy?.close();
  if (proxyDir) rmSync(proxyDir, { recursive: true, force: true });
});

describe('containers API on the real Docker engine', () => {
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
    expect(res.headers.get('location')).toBe(`/api/v1/containers/${id}`);
    expect(body).toMatchObject({ name, image: 'nginx:alpine', state: 'created', restart_policy: 'unless-stopped' });
    expect(body.ports).toEqual([{ host_ip: '0.0.0.0', host_port: hostPort, container_port: 80, protocol: 'tcp' }]);

    const seen = await engine('GET', `/containers/${id}/json`);
    expect(seen.status).toBe(200);
    expect(seen.body.Name).toBe(`/${name}`);
    expect(seen.body.Config.Image).toBe('nginx:alpine');
    expect(seen.body.Config.Env).toContain('ENV=production');
    expect(seen.body.Config.Labels).toMatchObject({ [TEST_LABEL]: runId, 'io.mikrocloud.managed': 'true' });
    expect(seen.body.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    const bindings = seen.body.HostConfig.PortBindings['80/tcp'] as { HostIp: string; HostPort: string }[];
    expect(bindings.map((b) => b.HostPort)).toEqual([String(hostPort)]);
    expect(['', '0.0.0.0']).toContain(bindings[0]?.HostIp);
  });

  it('answers 409 when the name is taken', async () => {
    const res = await post('/api/v1/containers', { image: 'nginx:alpine', name, labels: { [TEST_LABEL]: runId } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conflict');
  });

  it('inspects by id, id prefix and name; 404 JSON for an unknown one', async () => {
    for (const ref of [id, id.slice(0, 12), name]) {
      const res = await api(`/api/v1/containers/${ref}`);
      expect(res.status).toBe(200);
      expect(details.parse(await res.json()).id).toBe(id);
    }
    const missing = await api(`/api/v1/containers/mctest-${runId}-absent`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    for (const [method, path] of [
      ['POST', 'start'],
      ['POST', 'stop'],
      ['POST', 'restart'],
      ['GET', 'logs'],
    ] as const) {
      expect((await api(`/api/v1/containers/mctest-${runId}-absent/${path}`, { method })).status).toBe(404);
    }
    expect((await api(`/api/v1/containers/mctest-${runId}-absent`, { method: 'DELETE' })).status).toBe(404);
  });

  it('starts it: 200 running, and the published port answers HTTP', async () => {
    const res = await post(`/api/v1/containers/${id}/start`);
    expect(res.status).toBe(200);
    expect(details.parse(await res.json()).state).toBe('running');
    expect(await nginxAnswers()).toContain('nginx');
    expect((await engine('GET', `/containers/${id}/json`)).body.State.Running).toBe(true);
  });

  it('lists managed containers, filters by label, and shows unmanaged ones only with all=true', async () => {
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

    const all = (await (await api(`/api/v1/containers?all=true&label=${label}`)).json()) as ContainerInfo[];
    expect(all.map((c) => c.name).sort()).toEqual([name, `mctest-${runId}-unmanaged`].sort());
    const none = (await (await api(`/api/v1/containers?all=true&label=${label}&label=${encodeURIComponent('no.such=label')}`)).json()) as unknown[];
    expect(none).toEqual([]);
  });

  it('returns logs as text, one line per log line', async () => {
    await nginxAnswers();
    const res = await api(`/api/v1/containers/${name}/logs?tail=200`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/"GET \/ HTTP\/1\.1" 200/);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/[\x00-\x08]/); // no multiplexing headers left in

    const stamped = await (await api(`/api/v1/containers/${name}/logs?tail=1&timestamps=true&stderr=false`)).text();
    expect(stamped.trim().split('\n')).toHaveLength(1);
    expect(stamped).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z /);
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
      events = await readEvents(res, (seen) => {
        if (seen.some((e) => e.event === 'message' && e.data.includes(marker))) shutdown.abort();
        return seen.some((e) => e.event === 'end');
      });
    } finally {
      clearInterval(traffic);
    }
    const data = events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data) as { stream: string; line: string; timestamp?: string });
    expect(data.some((d) => d.line.includes(marker))).toBe(true);
    for (const d of data) {
      expect(['stdout', 'stderr']).toContain(d.stream);
      expect(typeof d.timestamp).toBe('string');
    }
    expect(events.at(-1)?.event).toBe('end');
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

  it('stops (with a timeout) and restarts: 200 with the new state', async () => {
    expect((await post(`/api/v1/containers/${id}/stop?timeout=5`)).status).toBe(200);
    const stopped = details.parse(await (await api(`/api/v1/containers/${id}`)).json());
    expect(stopped.state).toBe('exited');
    expect((await engine('GET', `/containers/${id}/json`)).body.State.Running).toBe(false);

    const restarted = await post(`/api/v1/containers/${id}/restart?timeout=1`);
    expect(restarted.status).toBe(200);
    expect(details.parse(await restarted.json()).state).toBe('running');
    expect(await nginxAnswers()).toContain('nginx');
  });

  it('reports the runtime as the engine does', async () => {
    const res = await api('/api/v1/runtime/info');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const version = await engine('GET', '/version');
    expect(body).toMatchObject({
      runtime: 'docker',
      socket_path: DOCKER_SOCKET,
      rootless: false,
      build_dir: defaultConfig().docker.build_dir,
      version: version.body.Version,
    });
    expect(Array.isArray(body.warnings)).toBe(true);
  });

  it('answers /health with the engine reachable', async () => {
    const res = await api('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', engine: { reachable: true, runtime: 'docker' } });
  });

  it('deletes a running container (stopping it first): 204, then 404', async () => {
    expect((await engine('GET', `/containers/${id}/json`)).body.State.Running).toBe(true);
    const res = await api(`/api/v1/containers/${name}?timeout=2`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await engine('GET', `/containers/${id}/json`)).status).toBe(404);
    expect((await api(`/api/v1/containers/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
