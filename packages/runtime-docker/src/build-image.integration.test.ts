import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError, CancelledError, Labels, TimeoutError } from '@mikrocloud/core';
import { DockerContainerManager } from './docker-container-manager.js';
import { DOCKER_SOCKET, TEST_LABEL, allSteps, cleanUp, dockerfileSteps, eventually, hostProcessesMatching, rawDocker, runId, tarOf } from './test-support.js';

const managers = {
  legacy: new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId }, buildDefaults: { builder: 'legacy' } }),
  buildkit: new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId }, buildDefaults: { builder: 'buildkit' } }),
};
const docker = managers.buildkit;

/** What each builder says when `RUN … exit 3` fails. */
const exitThree = { legacy: /returned a non-zero code: 3/, buildkit: /exit code: 3/ };

beforeAll(async () => {
  await docker.ping();
});

afterAll(async () => {
  await cleanUp();
});

describe.each(['legacy', 'buildkit'] as const)('buildImage against Docker Engine (%s builder)', (builder) => {
  const docker = managers[builder];

  it('builds, tags every tag and labels the image', async () => {
    const tags = [`${runId}-${builder}-app:1`, `${runId}-${builder}-app:latest`];
    const logs: string[] = [];
    const result = await docker.buildImage(
      {
        context: tarOf({
          'build/Dockerfile': 'FROM busybox:latest AS base\nARG GREETING\nRUN echo "$GREETING" > /greeting\nFROM base AS final\nRUN cat /greeting\n',
        }),
        dockerfile: 'build/Dockerfile',
        tags,
        // The run id keeps the step out of the cache an earlier run left (BuildKit's outlives images).
        buildArgs: { GREETING: `hello from the build ${runId}` },
        labels: { 'org.example.app': 'demo' },
        target: 'final',
      },
      { onLog: (line) => logs.push(line) },
    );
    expect(result.image_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(logs).toContain(`hello from the build ${runId}`);
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
    const tag = `${runId}-${builder}-broken:1`;
    const build = docker.buildImage({ context: tarOf({ Dockerfile: 'FROM busybox:latest\nRUN echo about to fail && exit 3\n' }), tags: [tag] });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    await expect(build).rejects.toThrow(exitThree[builder]);
    expect(await docker.imageExists(tag)).toBe(false);
  });

  it('reports a refusal before the build (no Dockerfile) as a BuildError', async () => {
    const build = docker.buildImage({ context: tarOf({ 'README.md': 'no Dockerfile here\n' }), tags: [`${runId}-${builder}-none:1`] });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    await expect(build).rejects.toThrow(/Dockerfile/);
  });

  it('stops a running build when aborted: the step process ends', { timeout: 30_000 }, async () => {
    const tag = `${runId}-${builder}-slow:1`;
    const marker = `sleep 30.${randomInt(1000, 9999)}`;
    const controller = new AbortController();
    const build = docker.buildImage(
      { context: tarOf({ Dockerfile: `FROM busybox:latest\nRUN echo sleeping && ${marker}\n` }), tags: [tag] },
      { signal: controller.signal, onLog: (line) => line === 'sleeping' && controller.abort() },
    );
    await expect(build).rejects.toBeInstanceOf(CancelledError);
    await eventually(async () => ((await hostProcessesMatching(marker)).length === 0 ? true : undefined), 15_000);
    expect(await docker.imageExists(tag)).toBe(false);
  });

  it('stops a build at its timeout: the step process ends', { timeout: 30_000 }, async () => {
    const marker = `sleep 30.${randomInt(1000, 9999)}`;
    const build = docker.buildImage(
      { context: tarOf({ Dockerfile: `FROM busybox:latest\nRUN ${marker}\n` }), tags: [`${runId}-${builder}-late:1`] },
      { signal: AbortSignal.timeout(3000) },
    );
    await expect(build).rejects.toBeInstanceOf(TimeoutError);
    await eventually(async () => ((await hostProcessesMatching(marker)).length === 0 ? true : undefined), 15_000);
  });

  it('rebuilds an unchanged Dockerfile from the cache, step by step, with a new build id', { timeout: 60_000 }, async () => {
    const tag = `${runId}-${builder}-cached:1`;
    const files = { Dockerfile: `FROM busybox:latest\nRUN echo ${runId} > /first\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt /first\n`, 'hello.txt': 'hello\n' };
    const first = await docker.buildImage({ context: tarOf(files), tags: [tag] });
    const logs: string[] = [];
    const second = await docker.buildImage({ context: tarOf(files), tags: [tag] }, { onLog: (line) => logs.push(line) });
    expect(second.image_id).not.toBe(first.image_id);
    const steps = dockerfileSteps(logs);
    expect(steps.map((s) => s.instruction.replace('docker.io/library/', ''))).toEqual(['FROM busybox:latest', `RUN echo ${runId} > /first`, 'COPY hello.txt /hello.txt', 'RUN cat /hello.txt /first']);
    for (const step of steps.slice(1)) expect(step, step.instruction).toMatchObject({ cached: true });
    // The labels (the new build id among them) never make a step on BuildKit; the legacy builder
    // appends one LABEL step per label after the Dockerfile's, and only those may miss the cache.
    const labelSteps = allSteps(logs).filter((s) => s.instruction.startsWith('LABEL'));
    if (builder === 'buildkit') expect(labelSteps).toEqual([]);
    else expect(allSteps(logs).slice(steps.length)).toEqual(labelSteps);
    expect((await docker.inspectImage(tag)).labels[Labels.buildId]).toMatch(/\S/);
  });

});

describe('BuildKit on Docker Engine', () => {
  it('names the failing step and its output in the error', async () => {
    const build = docker.buildImage({
      context: tarOf({ Dockerfile: 'FROM busybox:latest\nRUN echo first words && echo to stderr >&2 && exit 3\n' }),
      tags: [`${runId}-bk-fail:1`],
    });
    const error = (await build.catch((e: unknown) => e)) as BuildError;
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toMatch(/^Step 2\/2 : RUN echo first words .*exit code: 3/);
    expect(error.message).toContain('  first words');
    expect(error.message).toContain('  to stderr');
  });

  it('runs independent stages of a multi-stage build in parallel', { timeout: 60_000 }, async () => {
    const stage = (name: string) => `FROM busybox:latest AS ${name}\nRUN echo ${name}-start ${runId} && sleep 2 && echo ${name}-end > /${name} && cat /${name}\n`;
    const logs: string[] = [];
    await docker.buildImage(
      {
        context: tarOf({ Dockerfile: `${stage('one')}${stage('two')}FROM busybox:latest\nCOPY --from=one /one /one\nCOPY --from=two /two /two\n` }),
        tags: [`${runId}-bk-stages:1`],
      },
      { onLog: (line) => logs.push(line) },
    );
    const at = (line: string) => logs.findIndex((l) => l.startsWith(line));
    for (const line of ['one-start', 'one-end', 'two-start', 'two-end']) expect(at(line), line).toBeGreaterThan(-1);
    // Each stage started before the other one ended.
    expect(at('one-start')).toBeLessThan(at('two-end'));
    expect(at('two-start')).toBeLessThan(at('one-end'));
  });

  it('auto picks BuildKit on this engine and says so in buildFeatures', async () => {
    const auto = new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId } });
    expect(await auto.buildFeatures()).toEqual({ builder: 'buildkit', cacheMounts: true });
    expect(await managers.legacy.buildFeatures()).toEqual({ builder: 'legacy', cacheMounts: false });
  });
});
