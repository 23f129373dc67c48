import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Labels, tarArchive } from '@mikrocloud/core';
import { allSteps, dockerfileSteps } from '@mikrocloud/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILDAH_CACHE_DIR } from './cache-mounts.js';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTFUL_TEST_SOCKET, ROOTLESS_TEST_SOCKET, cleanUp, runId, runLabels } from './test-support.js';

const engines = [
  { name: 'rootful', socketPath: ROOTFUL_TEST_SOCKET, rootless: false },
  { name: 'rootless', socketPath: ROOTLESS_TEST_SOCKET, rootless: true },
] as const;

const cacheId = `mctest-${runId}-cache`;

afterAll(async () => {
  await rm(join(BUILDAH_CACHE_DIR, cacheId), { recursive: true, force: true });
  const results = await Promise.allSettled(engines.map((e) => cleanUp(e.socketPath)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new AggregateError(failed.map((f) => f.reason as unknown), 'cleanup failed');
});

describe.each(engines)('build cache on the $name Podman service', ({ name, socketPath, rootless }) => {
  const podman = new PodmanContainerManager({ socketPath, labels: runLabels });
  const files = { Dockerfile: `FROM busybox:latest\nRUN echo ${runId} > /first\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt /first\n`, 'hello.txt': 'hello\n' };
  const context = () => Readable.from([tarArchive(files)]);

  it('rebuilds an unchanged Dockerfile from the cache on every step, with a new build id', async () => {
    const tag = `mctest-${runId}-${name}-cached:1`;
    await podman.buildImage({ context: context(), tags: [tag] });
    const first = (await podman.inspectImage(tag)).labels[Labels.buildId];
    const logs: string[] = [];
    await podman.buildImage({ context: context(), tags: [tag] }, { onLog: (line) => logs.push(line) });
    const all = allSteps(logs);
    const own = dockerfileSteps(logs);
    expect(own.map((s) => s.instruction)).toEqual(['FROM busybox:latest', `RUN echo ${runId} > /first`, 'COPY hello.txt /hello.txt', 'RUN cat /hello.txt /first']);
    for (const step of own.slice(1)) expect(step, step.instruction).toMatchObject({ cached: true });
    // Buildah appends the labels as one step after the Dockerfile's: the only one that may miss.
    expect(all.slice(own.length).every((s) => s.instruction.startsWith('LABEL'))).toBe(true);
    const second = (await podman.inspectImage(tag)).labels[Labels.buildId];
    expect(second).toMatch(/\S/);
    expect(second).not.toBe(first);
  }, 120_000);

  it(`reports cache mounts as ${rootless ? 'unusable (the cache directory is shared with root)' : 'usable'}`, async () => {
    expect(await podman.buildFeatures()).toEqual({ builder: 'buildah', cacheMounts: !rootless });
  });
});

// Rootless services get no cache mounts (see cache-mounts.ts), so this holds for the rootful one.
describe('cache mounts on the rootful Podman service', () => {
  const podman = new PodmanContainerManager({ socketPath: ROOTFUL_TEST_SOCKET, labels: runLabels });

  it('keeps a cache mount with a one-word id between builds, through the Dockerfile check', async () => {
    const dockerfile = (n: number) =>
      `FROM busybox:latest\nRUN --mount=type=cache,id=${cacheId},target=/cache echo build-${n} >> /cache/builds && cat /cache/builds\n`;
    const logs: string[] = [];
    for (const n of [1, 2]) {
      await podman.buildImage(
        { context: Readable.from([tarArchive({ Dockerfile: dockerfile(n) })]), tags: [`mctest-${runId}-rootful-mount:${n}`] },
        { onLog: (line) => logs.push(line) },
      );
    }
    // The second build saw what the first one left in the cache.
    expect(logs.filter((l) => l.startsWith('build-'))).toEqual(['build-1', 'build-1', 'build-2']);
  }, 120_000);
});
