import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig, resolveBuildDir, type MikrocloudConfig } from './config.js';
import { createManager } from './manager.js';
import { startServer, type RunningServer } from './server.js';

const ROOTFUL_PODMAN = '/run/podman/podman.sock';
const ROOTLESS_PODMAN = '/tmp/mcrootless-run/podman/podman.sock';

function config(edit: (c: MikrocloudConfig) => void): MikrocloudConfig {
  const c = defaultConfig({});
  edit(c);
  return c;
}

describe('createManager on the real engines', () => {
  it.each([
    ['docker, discovered', (c: MikrocloudConfig) => void (c.docker.runtime = 'docker'), 'docker', '/var/run/docker.sock'],
    ['podman at its rootful socket', (c: MikrocloudConfig) => Object.assign(c.docker, { runtime: 'podman', socket_path: ROOTFUL_PODMAN }), 'podman', ROOTFUL_PODMAN],
    ['auto with nothing configured (Docker first)', (c: MikrocloudConfig) => void (c.docker.runtime = 'auto'), 'docker', '/var/run/docker.sock'],
    ['auto pointed at Podman', (c: MikrocloudConfig) => Object.assign(c.docker, { runtime: 'auto', socket_path: ROOTFUL_PODMAN }), 'podman', ROOTFUL_PODMAN],
    ['auto pointed at Docker', (c: MikrocloudConfig) => Object.assign(c.docker, { runtime: 'auto', socket_path: '/var/run/docker.sock' }), 'docker', '/var/run/docker.sock'],
  ])('%s', async (_, edit, runtime, socket) => {
    const manager = await createManager(config(edit), { env: {} });
    await manager.ping();
    expect(manager.runtime).toBe(runtime);
    expect(manager.socketPath).toBe(socket);
    expect((await manager.info()).runtime).toBe(runtime);
  });
});

describe('runtime/info through the API on rootless Podman', () => {
  let server: RunningServer;
  const c = config((x) => Object.assign(x.docker, { runtime: 'podman', socket_path: ROOTLESS_PODMAN, rootless: false }));

  beforeAll(async () => {
    const manager = await createManager(c, { env: {} });
    server = await startServer({ app: createApp({ manager, config: c }), host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports what the engine says, and warns that the configuration disagrees', async () => {
    const res = await fetch(`${server.url}/api/v1/runtime/info`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { runtime: string; socket_path: string; rootless: boolean; warnings: string[] };
    expect(body).toMatchObject({ runtime: 'podman', socket_path: ROOTLESS_PODMAN, rootless: true, build_dir: resolveBuildDir(c) });
    expect(body.warnings.some((w) => /rootless/.test(w))).toBe(true);
  });
});
