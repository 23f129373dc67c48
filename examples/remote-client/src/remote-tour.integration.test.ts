import { randomBytes } from 'node:crypto';
import { createApp, defaultConfig, startServer, type RunningServer } from '@mikrocloud/api';
import { createClient } from '@mikrocloud/client';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteTour } from './remote-tour.js';

const runId = `mctest-${randomBytes(4).toString('hex')}`;
const token = randomBytes(16).toString('hex');

describe('remote-client example against a server on Docker', () => {
  let server: RunningServer;
  const manager = new DockerContainerManager({ socketPath: '/var/run/docker.sock' });
  beforeAll(async () => {
    const config = defaultConfig({});
    config.server.token = token;
    const shutdown = new AbortController();
    const app = createApp({ manager, config, shutdownSignal: shutdown.signal });
    server = await startServer({ app, host: '127.0.0.1', port: 0, onClose: () => shutdown.abort() });
  });
  afterAll(async () => {
    await server?.close();
    for (const c of await manager.list({ all: true, labels: { 'io.mikrocloud.test': runId } })) await manager.remove(c.id, { force: true });
  });

  it('tours the server through the typed client', async () => {
    const said = await remoteTour(createClient({ baseUrl: server.url, token }), { labels: { 'io.mikrocloud.test': runId } });
    expect(said[0]).toBe('server: ok, engine docker');
    expect(said.some((line) => line.startsWith('refused: restart_policy: '))).toBe(true);
    expect(said.filter((line) => line.startsWith('log: '))).toEqual(['log: hello 1', 'log: hello 2', 'log: hello 3']);
    expect(said).toContain('exec: from exec');
    expect(said).toContain('exec exit code: 7');
    expect(said.at(-1)).toMatch(/^removed remote-tour-/);
  });
});
