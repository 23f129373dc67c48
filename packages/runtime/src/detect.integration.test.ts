import { describe, expect, it } from 'vitest';
import { createContainerManager } from './create.js';
import { detectRuntime } from './detect.js';

// Where tools/engines/up.sh starts the engines on the project's machines.
const DOCKER_TEST_SOCKET = '/var/run/docker.sock';
const ROOTFUL_TEST_SOCKET = '/run/podman/podman.sock';
const ROOTLESS_TEST_SOCKET = '/tmp/mcrootless-run/podman/podman.sock';

describe('detectRuntime on this machine', () => {
  it('finds Docker first when nothing is configured', async () => {
    const found = await detectRuntime({ env: {} });
    expect(found).toMatchObject({ runtime: 'docker', socketPath: DOCKER_TEST_SOCKET, source: 'docker default' });
  });

  it('tells a Podman socket apart, configured or from CONTAINER_HOST', async () => {
    expect(await detectRuntime({ socketPath: ROOTFUL_TEST_SOCKET, env: {} })).toMatchObject({ runtime: 'podman', socketPath: ROOTFUL_TEST_SOCKET });
    const found = await detectRuntime({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', CONTAINER_HOST: `unix://${ROOTLESS_TEST_SOCKET}` } });
    expect(found).toMatchObject({ runtime: 'podman', socketPath: ROOTLESS_TEST_SOCKET, source: 'CONTAINER_HOST' });
    expect(found.skipped).toContainEqual({ source: 'DOCKER_HOST', path: '/nonexistent/docker.sock', reason: 'missing' });
  });

  it('builds the manager it found', async () => {
    const manager = await createContainerManager({ runtime: 'auto', env: { CONTAINER_HOST: `unix://${ROOTLESS_TEST_SOCKET}` }, configuredRootless: true });
    const info = await manager.info();
    expect(info).toMatchObject({ runtime: 'podman', socket_path: ROOTLESS_TEST_SOCKET, rootless: true });
    expect(info.warnings.filter((w) => !w.startsWith('builds use buildah'))).toEqual([]);
  });
});

describe('createContainerManager fallback', () => {
  it('throws when nothing answers, unless told which manager to fall back to', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent/mikrocloud-test.sock' };
    const strategies = [{ name: 'nowhere', async getResult() { return { skipped: { reason: 'missing' } }; } }];
    await expect(createContainerManager({ runtime: 'auto', env, strategies })).rejects.toMatchObject({ code: 'runtime_unavailable' });
    const warnings: string[] = [];
    const manager = await createContainerManager({
      runtime: 'auto',
      env,
      strategies,
      fallback: 'docker',
      logger: { info() {}, warn: (m) => warnings.push(m), error() {} },
    });
    expect(manager.runtime).toBe('docker');
    expect(warnings[0]).toContain('using docker until one does');
  });
});
