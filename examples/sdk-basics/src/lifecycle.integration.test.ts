import { randomUUID } from 'node:crypto';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { describe, expect, it } from 'vitest';
import { runLifecycle } from './lifecycle.js';

describe('sdk-basics example on Docker', () => {
  it('creates, starts, lists, reads logs of and removes a container', async () => {
    const manager = new DockerContainerManager({ socketPath: '/var/run/docker.sock' });
    const run = randomUUID().slice(0, 8);
    const report = await runLifecycle(manager, {
      image: 'busybox:latest',
      name: `mctest-sdk-basics-${run}`,
      labels: { 'io.mikrocloud.test': run },
    });
    expect(report.listed).toBe(true);
    expect(report.exitCode).toBe(0);
    expect(report.logs).toEqual(
      expect.arrayContaining([
        { stream: 'stdout', line: 'hello from mikrocloud' },
        { stream: 'stderr', line: 'a warning' },
      ]),
    );
    await expect(manager.inspect(report.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});
