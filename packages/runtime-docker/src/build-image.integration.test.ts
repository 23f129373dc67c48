import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError, CancelledError } from '@mikrocloud/core';
import { DockerContainerManager } from './docker-container-manager.js';
import { DOCKER_SOCKET, TEST_LABEL, cleanUp, rawDocker, runId, tarOf } from './test-support.js';

const docker = new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId } });

beforeAll(async () => {
  await docker.ping();
});

afterAll(async () => {
  await cleanUp();
});

describe('buildImage against Docker Engine', () => {
  it('builds, tags every tag and labels the image', async () => {
    const tags = [`${runId}-app:1`, `${runId}-app:latest`];
    const logs: string[] = [];
    const result = await docker.buildImage(
      {
        context: tarOf({
          'build/Dockerfile': 'FROM busybox:latest AS base\nARG GREETING\nRUN echo "$GREETING" > /greeting\nFROM base AS final\nRUN cat /greeting\n',
        }),
        dockerfile: 'build/Dockerfile',
        tags,
        buildArgs: { GREETING: 'hello from the build' },
        labels: { 'org.example.app': 'demo' },
        target: 'final',
      },
      { onLog: (line) => logs.push(line) },
    );
    expect(result.image_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(logs).toContain('hello from the build');
    expect(logs.some((l) => l.startsWith('Step 1/'))).toBe(true);

    const raw = await rawDocker.getImage(tags[0] as string).inspect();
    expect(raw.Id).toBe(result.image_id);
    expect(raw.RepoTags).toEqual(expect.arrayContaining(tags));
    expect(raw.Config.Labels).toMatchObject({ 'org.example.app': 'demo', [TEST_LABEL]: runId });

    const info = await docker.inspectImage(tags[1] as string);
    expect(info).toMatchObject({ id: result.image_id, labels: { 'org.example.app': 'demo' } });
    expect(info.tags).toEqual(expect.arrayContaining(tags));
    expect(await docker.imageExists(tags[0] as string)).toBe(true);

    await docker.removeImage(tags[1] as string);
    expect(await docker.imageExists(tags[1] as string)).toBe(false);
  });

  it('fails the build when a RUN step fails, and tags nothing', async () => {
    const tag = `${runId}-broken:1`;
    const build = docker.buildImage({ context: tarOf({ Dockerfile: 'FROM busybox:latest\nRUN echo about to fail && exit 3\n' }), tags: [tag] });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    await expect(build).rejects.toThrow(/returned a non-zero code: 3/);
    expect(await docker.imageExists(tag)).toBe(false);
  });

  it('reports a refusal before the build (no Dockerfile) as a BuildError', async () => {
    const build = docker.buildImage({ context: tarOf({ 'README.md': 'no Dockerfile here\n' }), tags: [`${runId}-none:1`] });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    await expect(build).rejects.toThrow(/Dockerfile/);
  });

  it('stops a running build when aborted', { timeout: 20_000 }, async () => {
    const tag = `${runId}-slow:1`;
    const controller = new AbortController();
    const build = docker.buildImage(
      { context: tarOf({ Dockerfile: 'FROM busybox:latest\nRUN echo sleeping && sleep 30\n' }), tags: [tag] },
      { signal: controller.signal, onLog: (line) => line === 'sleeping' && controller.abort() },
    );
    await expect(build).rejects.toBeInstanceOf(CancelledError);
    expect(await docker.imageExists(tag)).toBe(false);
  });
});
