import { Labels } from '@mikrocloud/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerContainerManager } from './docker-container-manager.js';
import { cleanUp, rawDocker, runId, TEST_LABEL, testName } from './test-support.js';

// Two installations on one engine, and objects no installation made: each sees only its own.
const labels = { [TEST_LABEL]: runId };
const a = new DockerContainerManager({ instanceId: `${runId}-a`, labels });
const b = new DockerContainerManager({ instanceId: `${runId}-b`, labels });

afterAll(async () => {
  await cleanUp();
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] });
  for (const n of await rawDocker.listNetworks({ filters })) await rawDocker.getNetwork(n.Id).remove().catch(() => undefined);
  const { Volumes } = await rawDocker.listVolumes({ filters });
  for (const v of Volumes ?? []) await rawDocker.getVolume(v.Name).remove({ force: true }).catch(() => undefined);
});

describe('volume and network ownership', () => {
  it('keeps each installation to its own volumes and networks, and never touches foreign ones', async () => {
    const volume = await a.createVolume({ name: testName('vol') });
    const network = await a.createNetwork({ name: testName('net') });
    const foreignVolume = testName('foreign');
    await rawDocker.createVolume({ Name: foreignVolume, Labels: labels });
    const foreignNetwork = await rawDocker.createNetwork({ Name: testName('foreignnet'), Labels: labels });
    expect(volume.labels).toMatchObject({ [Labels.managed]: 'true', [Labels.instance]: `${runId}-a`, [TEST_LABEL]: runId });

    for (const name of [volume.name, foreignVolume]) {
      await expect(b.inspectVolume(name)).rejects.toMatchObject({ code: 'not_found', message: `volume "${name}" not found` });
      await expect(b.removeVolume(name)).rejects.toMatchObject({ code: 'not_found' });
      await expect(b.create({ image: 'busybox:latest', labels, mounts: [{ type: 'volume', source: name, target: '/d' }] })).rejects.toMatchObject({
        code: 'not_found',
        details: { field: 'mounts.0.source' },
      });
    }
    await expect(a.inspectVolume(foreignVolume)).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.inspectNetwork(network.name)).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.inspectNetwork(foreignNetwork.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await b.listVolumes()).map((v) => v.name)).not.toContain(volume.name);
    expect((await b.listNetworks()).map((n) => n.name)).not.toContain(network.name);
    // A taken name is a conflict, never an adoption of the other installation's volume.
    await expect(b.createVolume({ name: volume.name })).rejects.toMatchObject({ code: 'conflict' });
    await expect(b.createVolume({ name: foreignVolume })).rejects.toMatchObject({ code: 'conflict' });

    const pruned = await b.pruneVolumes();
    expect(pruned.removed).not.toContain(volume.name);
    expect(pruned.removed).not.toContain(foreignVolume);
    await expect(a.inspectVolume(volume.name)).resolves.toMatchObject({ name: volume.name });
    expect((await rawDocker.getVolume(foreignVolume).inspect()).Name).toBe(foreignVolume);
    await expect(a.pruneVolumes({ dryRun: true })).resolves.toEqual({ removed: [volume.name], dry_run: true });
  });
});
