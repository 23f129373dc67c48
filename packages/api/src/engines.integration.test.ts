import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineRegistry } from '@mikrocloud/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createEngines } from './engines.js';
import { startServer, type RunningServer } from './server.js';
import { DOCKER_SOCKET, TEST_LABEL, newRunId, removeTestContainers } from './test-support.js';

const PODMAN_SOCKET = '/run/podman/podman.sock';

/** The second Docker engine tools/engines/remote.sh runs: its TLS address and client files, and its own socket for clean-up. */
function remoteEngine() {
  const file = process.env.MIKROCLOUD_TEST_REMOTE_ENV ?? '/var/lib/mikrocloud-engines/remote/remote.env';
  const env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]),
  );
  const certPath = env.MIKROCLOUD_TEST_REMOTE_CERT_PATH;
  if (!env.MIKROCLOUD_TEST_REMOTE_TLS_HOST || !certPath || !env.MIKROCLOUD_TEST_REMOTE_SOCKET) throw new Error(`${file} does not describe the remote engine`);
  return { host: env.MIKROCLOUD_TEST_REMOTE_TLS_HOST, certPath, socket: env.MIKROCLOUD_TEST_REMOTE_SOCKET };
}

const runId = newRunId();
const remote = remoteEngine();
/** The engines under test by name, with the socket the clean-up reaches each through. */
const NAMED = { pod: PODMAN_SOCKET, remote: remote.socket } as const;
type Named = keyof typeof NAMED;

describe('named engines through the API', () => {
  let dataDir: string;
  let silent: Server;
  const silentClients: Socket[] = [];
  let engines: EngineRegistry;
  let server: RunningServer;
  const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  const post = (path: string, body?: unknown) =>
    api(path, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mikrocloud-engines-'));
    // An engine address that accepts connections and never answers: the probe must give up on it.
    silent = createServer((socket) => silentClients.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    const config = loadConfig({
      env: {},
      given: {
        source: 'test',
        config: {
          docker: { runtime: 'docker', socket_path: DOCKER_SOCKET, pull_policy: 'never' },
          server: { data_dir: dataDir },
          engines: [
            { name: 'pod', runtime: 'podman', host: `unix://${PODMAN_SOCKET}`, labels: { role: 'test' } },
            {
              name: 'remote',
              runtime: 'docker',
              host: remote.host,
              tls_ca_file: `${remote.certPath}/ca.pem`,
              tls_cert_file: `${remote.certPath}/cert.pem`,
              tls_key_file: `${remote.certPath}/key.pem`,
              labels: { region: 'namespace' },
            },
            { name: 'silent', runtime: 'docker', host: `tcp://127.0.0.1:${silentPort}`, allow_plain_tcp: true },
          ],
        },
      },
    });
    engines = await createEngines(config, { env: {}, instanceId: `mctest-${runId}` });
    server = await startServer({ app: createApp({ manager: engines.get('default'), engines, config }), host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await engines?.close();
    for (const socket of [DOCKER_SOCKET, ...Object.values(NAMED)]) await removeTestContainers(runId, socket);
    for (const socket of silentClients) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every engine; the one that does not answer is reachable:false within the probe timeout, the others answer', async () => {
    const started = Date.now();
    const res = await api('/api/v1/engines');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const list = (await res.json()) as { name: string; runtime: string; reachable: boolean; version?: string; reason?: string; labels: Record<string, string> }[];
    expect(list.map((e) => e.name)).toEqual(['default', 'pod', 'remote', 'silent']);
    expect(list[0]).toMatchObject({ runtime: 'docker', reachable: true, version: expect.any(String), labels: {} });
    // Podman may take longer than the probe timeout to report its version; reachable it is.
    expect(list[1]).toMatchObject({ runtime: 'podman', reachable: true, labels: { role: 'test' } });
    expect(list[2]).toMatchObject({ runtime: 'docker', reachable: true, version: expect.any(String), labels: { region: 'namespace' } });
    expect(list[3]).toMatchObject({ runtime: 'docker', reachable: false, reason: expect.stringContaining('no answer within') });
    expect(await (await api('/api/v1/engines/remote')).json()).toMatchObject({ name: 'remote', reachable: true });
  });

  it.each(Object.keys(NAMED) as Named[])('creates, starts, lists and removes a labelled container on %s, seen under no other engine', async (name) => {
    const created = await post(`/api/v1/engines/${name}/containers`, {
      image: 'busybox:latest',
      name: `mctest-${runId}-${name}`,
      command: ['sleep', '300'],
      labels: { [TEST_LABEL]: runId },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(created.headers.get('location')).toBe(`/api/v1/engines/${name}/containers/${id}`);

    const started = await post(`/api/v1/engines/${name}/containers/${id}/start`);
    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({ id, state: 'running' });

    const exec = await api(`/api/v1/engines/${name}/containers/${id}/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ command: ['echo', name] }),
    });
    expect(await exec.json()).toMatchObject({ exit_code: 0, output: [{ stream: 'stdout', line: name }] });

    const label = encodeURIComponent(`${TEST_LABEL}=${runId}`);
    const listed = (await (await api(`/api/v1/engines/${name}/containers?label=${label}`)).json()) as { id: string }[];
    expect(listed.map((c) => c.id)).toEqual([id]);

    // Not there under the default engine (unprefixed or by name) nor under the other named engine.
    const others = ['/api/v1', '/api/v1/engines/default', ...Object.keys(NAMED).filter((n) => n !== name).map((n) => `/api/v1/engines/${n}`)];
    for (const prefix of others) {
      expect((await api(`${prefix}/containers/${id}`)).status, prefix).toBe(404);
      const there = (await (await api(`${prefix}/containers?label=${label}`)).json()) as { id: string }[];
      expect(there.map((c) => c.id), prefix).not.toContain(id);
    }

    expect((await api(`/api/v1/engines/${name}/containers/${id}?timeout=0`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/v1/engines/${name}/containers/${id}`)).status).toBe(404);
  });

  it('answers an unknown engine with 404 naming it', async () => {
    const res = await api('/api/v1/engines/nowhere/containers');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('engine "nowhere"') } });
    expect((await api('/api/v1/engines/nowhere')).status).toBe(404);
  });
});
