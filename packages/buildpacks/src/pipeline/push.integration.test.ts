import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerManager } from '@mikrocloud/core';
import { deleteFromTestRegistry, inTestRegistry, requireTestRegistry } from '@mikrocloud/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildStore } from '../records/build-store.js';
import { BuildService } from '../service/build-service.js';
import { cleanUpEngine, engineUnderTest, makeRepo, runId, tempDir, testLabels } from '../testing/support.js';

const reg = requireTestRegistry();

async function managerWith(credentials: boolean): Promise<ContainerManager> {
  const { runtime, socketPath } = engineUnderTest();
  const { createCredentialStore } = await import('@mikrocloud/runtime-docker');
  const store = credentials ? { credentials: createCredentialStore({ [reg.host]: { username: reg.username, password: reg.password } }) } : {};
  return runtime === 'podman'
    ? new (await import('@mikrocloud/runtime-podman')).PodmanContainerManager({ socketPath, ...store })
    : new (await import('@mikrocloud/runtime-docker')).DockerContainerManager({ socketPath, ...store });
}

describe('builds with push: true', () => {
  const repository = `mikrocloud-test/${runId}-build`;
  let base: string;
  const services: BuildService[] = [];
  const repos: { cleanup(): Promise<void> }[] = [];

  async function service(credentials: boolean, name: string): Promise<BuildService> {
    const s = new BuildService({
      manager: await managerWith(credentials),
      store: new BuildStore(path.join(base, `${name}.db`)),
      buildDir: path.join(base, `builds-${name}`),
      allowedProtocols: ['file'],
      labels: testLabels,
    });
    await s.start();
    services.push(s);
    return s;
  }

  beforeAll(async () => {
    base = await tempDir('push');
  });

  afterAll(async () => {
    for (const s of services) {
      await s.close();
      s.store.close();
    }
    await cleanUpEngine();
    await Promise.all(repos.map((r) => r.cleanup()));
    await rm(base, { recursive: true, force: true });
    await deleteFromTestRegistry(reg, repository, '1');
    await deleteFromTestRegistry(reg, repository, '2');
  });

  it('pushes every tag after a successful build and records it', async () => {
    const source = await makeRepo({ Dockerfile: `FROM busybox:latest\nRUN echo ${runId} > /built.txt\n` });
    repos.push(source);
    const builds = await service(true, 'with-credentials');
    const tag = `${reg.host}/${repository}:1`;
    const queued = await builds.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag, push: true });
    const final = await builds.waitFor(queued.id);
    expect(final.error).toBeNull();
    expect(final.status).toBe('succeeded');
    expect(final.images).toEqual([expect.objectContaining({ tag, pushed: true })]);
    expect(await inTestRegistry(reg, repository, '1')).toBe(true);
    const log: string[] = [];
    for await (const line of builds.readLogs(queued.id)) log.push(line);
    expect(log).toContain(`Pushed ${tag}`);
    expect(log.join('\n')).not.toContain(reg.password);
  }, 180_000);

  it('a push the registry refuses fails the build with a message naming the tag', async () => {
    const source = await makeRepo({ Dockerfile: `FROM busybox:latest\nRUN echo ${runId}-2 > /built.txt\n` });
    repos.push(source);
    const builds = await service(false, 'without-credentials');
    const tag = `${reg.host}/${repository}:2`;
    const queued = await builds.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag, push: true });
    const final = await builds.waitFor(queued.id);
    expect(final.status).toBe('failed');
    expect(final.error).toContain(`pushing ${tag} failed`);
    expect(await inTestRegistry(reg, repository, '2')).toBe(false);
  }, 180_000);
});
