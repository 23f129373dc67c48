import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Labels } from '@mikrocloud/core';
import { requireTestRegistry, writeTestRegistryConfig } from '@mikrocloud/core/testing';
import { loadDockerConfigCredentials } from '@mikrocloud/runtime-docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTFUL_TEST_SOCKET, ROOTLESS_TEST_SOCKET, cleanUp, runId, runLabels } from './test-support.js';

const reg = requireTestRegistry();

describe.each([
  { name: 'rootful', socketPath: ROOTFUL_TEST_SOCKET },
  { name: 'rootless', socketPath: ROOTLESS_TEST_SOCKET },
])('registry credentials from a config.json (podman $name)', ({ socketPath }) => {
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    ({ dir, file: configFile } = await writeTestRegistryConfig(reg, `https://${reg.host}`));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await cleanUp(socketPath);
  });

  it('pulls with the store’s credentials, explicitly and when create finds the image missing', async () => {
    const credentials = await loadDockerConfigCredentials(configFile);
    const podman = new PodmanContainerManager({ socketPath, credentials, labels: runLabels });
    await podman.removeImage(reg.seed, { force: true }).catch(() => undefined);
    const layers = new Set<string>();
    try {
      const image = await podman.pullImage(reg.seed, { onProgress: (p) => layers.add(p.layer) });
      expect(image.tags).toContain(reg.seed);
      expect(layers.size).toBeGreaterThanOrEqual(2);
      await podman.removeImage(reg.seed, { force: true });

      const created = await podman.create({ image: reg.seed, name: `mctest-${runId}-from-registry`, command: ['true'], labels: { [Labels.test]: runId } });
      expect(created.image).toBe(reg.seed);
      await podman.remove(created.id, { force: true });
    } finally {
      await podman.removeImage(reg.seed, { force: true }).catch(() => undefined);
    }
  }, 120_000);

  it('a wrong password in the store is forbidden, without the password', async () => {
    const wrong = `wrong-${runId}-password`;
    const file = path.join(dir, 'wrong.json');
    await writeFile(file, JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${reg.username}:${wrong}`).toString('base64') } } }), { mode: 0o600 });
    const podman = new PodmanContainerManager({ socketPath, credentials: await loadDockerConfigCredentials(file) });
    const err = await podman.pullImage(reg.seed).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('forbidden');
    expect(JSON.stringify(err)).not.toContain(wrong);
    expect(String((err as Error).message)).not.toContain(wrong);
  }, 60_000);
});
