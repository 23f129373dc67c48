import { randomUUID } from 'node:crypto';
import { createContainerManager } from '@mikrocloud/runtime';
import { describe, expect, it } from 'vitest';
import { deployTwoTierApp, removeTwoTierApp, restartKeepsData } from './two-tier.js';

const engines = [
  { runtime: 'docker', socketPath: '/var/run/docker.sock' },
  { runtime: 'podman', socketPath: '/run/podman/podman.sock' },
] as const;

describe.each(engines)('two-tier example on $runtime', ({ runtime, socketPath }) => {
  it('deploys, keeps the database data across a restart and removes everything', { timeout: 180_000 }, async () => {
    const manager = await createContainerManager({ runtime, socketPath });
    const run = randomUUID().slice(0, 8);
    const labels = { 'io.mikrocloud.test': run };
    const app = await deployTwoTierApp(manager, { prefix: `mctest-two-tier-${run}`, image: 'busybox:latest', labels });
    try {
      expect((await manager.inspect(app.database.id)).health?.status).toBe('healthy');
      const { note, boots } = await restartKeepsData(manager, app, `note ${run}`);
      expect(note).toBe(`note ${run}`);
      expect(boots).toBe(2);
    } finally {
      await removeTwoTierApp(manager, app);
    }
    await expect(manager.inspect(app.database.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(manager.inspectVolume(app.volume)).rejects.toMatchObject({ code: 'not_found' });
    await expect(manager.inspectNetwork(app.network)).rejects.toMatchObject({ code: 'not_found' });
  });
});
