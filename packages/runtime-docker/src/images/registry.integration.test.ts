import { rm } from 'node:fs/promises';
import { requireTestRegistry, writeTestRegistryConfig } from '@mikrocloud/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerContainerManager } from '../docker-container-manager.js';
import { DOCKER_SOCKET, cleanUp, runId, TEST_LABEL } from '../test-support.js';
import { loadDockerConfigCredentials } from './registry-auth.js';

const reg = requireTestRegistry();

describe('registry credentials from a config.json (docker)', () => {
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    ({ dir, file: configFile } = await writeTestRegistryConfig(reg));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await cleanUp();
  });

  it('pulls with the store’s credentials, explicitly and when create finds the image missing', async () => {
    const credentials = await loadDockerConfigCredentials(configFile);
    const docker = new DockerContainerManager({ socketPath: DOCKER_SOCKET, credentials, labels: { [TEST_LABEL]: runId } });
    await docker.removeImage(reg.seed, { force: true }).catch(() => undefined);
    const layers = new Set<string>();
    try {
      const image = await docker.pullImage(reg.seed, { onProgress: (p) => p.total_bytes && layers.add(p.layer) });
      expect(image.tags).toContain(reg.seed);
      // Docker reports bytes per layer: three layers of 2 MB at least.
      expect(layers.size).toBeGreaterThanOrEqual(3);
      await docker.removeImage(reg.seed, { force: true });

      const created = await docker.create({ image: reg.seed, name: `${runId}-from-registry`, command: ['true'], labels: { [TEST_LABEL]: runId } });
      expect(created.image).toBe(reg.seed);
      await docker.remove(created.id, { force: true });
    } finally {
      await docker.removeImage(reg.seed, { force: true }).catch(() => undefined);
    }
  }, 120_000);

  it('without credentials, create names the image and never a secret', async () => {
    const docker = new DockerContainerManager({ socketPath: DOCKER_SOCKET });
    await docker.removeImage(reg.seed, { force: true }).catch(() => undefined);
    const err = await docker.create({ image: reg.seed, name: `${runId}-no-credentials`, labels: { [TEST_LABEL]: runId } }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('not_found');
    expect(String((err as Error).message)).toContain(reg.seed);
    expect(JSON.stringify(err)).not.toContain(reg.password);
  }, 120_000);

  it('refuses a registry outside allowedRegistries before any request', async () => {
    const docker = new DockerContainerManager({ socketPath: DOCKER_SOCKET, allowedRegistries: ['ghcr.io'] });
    await expect(docker.pullImage(reg.seed, { auth: { username: reg.username, password: reg.password } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(docker.pushImage(`${reg.host}/mikrocloud-test/${runId}-x:1`)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
