import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ContainerManager } from '@mikrocloud/core';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { PodmanContainerManager } from '@mikrocloud/runtime-podman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuildContext } from '../context/build-context.js';
import { nixpacksBuildpack } from '../nixpacks/buildpack.js';
import { buildCacheScope, cacheScopeOf } from '../pipeline/cache-scope.js';
import { openWorkspace } from '../workspace/workspace.js';
import { DOCKER_SOCKET, runId, testLabels, writeTree } from '../testing/support.js';

const engines: { name: string; manager: ContainerManager; cacheMounts: boolean }[] = [
  { name: 'Docker BuildKit', manager: new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: testLabels, buildDefaults: { builder: 'buildkit' } }), cacheMounts: true },
  { name: 'Docker legacy', manager: new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: testLabels, buildDefaults: { builder: 'legacy' } }), cacheMounts: false },
  { name: 'rootful Podman', manager: new PodmanContainerManager({ socketPath: '/run/podman/podman.sock', labels: testLabels }), cacheMounts: true },
  { name: 'rootless Podman', manager: new PodmanContainerManager({ socketPath: '/tmp/mcrootless-run/podman/podman.sock', labels: testLabels }), cacheMounts: false },
];

const GENERATED = '.mikrocloud/Dockerfile';
/** The repository the caches belong to: unique to this run, so its cache ids are too. */
const repo = `https://git.example.test/${runId}/app.git`;
let dir: string;
const built: { manager: ContainerManager; tag: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), `${runId}-cache-mounts-`));
  await writeTree(dir, {
    'package.json': JSON.stringify({ name: 'cached', version: '1.0.0', scripts: { start: 'node server.js' } }),
    'package-lock.json': JSON.stringify({ name: 'cached', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'cached', version: '1.0.0' } } }),
    'server.js': 'console.log("ok");\n',
  });
});

afterAll(async () => {
  for (const { manager, tag } of built) await manager.removeImage(tag, { force: true }).catch(() => {});
  await rm(dir, { recursive: true, force: true });
  // Rootful Podman keeps the run's npm cache in buildah's shared cache directory.
  await rm(path.join('/var/tmp/buildah-cache', `${cacheScopeOf(repo)}-npm`), { recursive: true, force: true });
});

describe.each(engines)('generated Dockerfiles on $name', ({ name, manager, cacheMounts }) => {
  it(`${cacheMounts ? 'mount' : 'leave out'} the package caches and build`, async () => {
    const logs: string[] = [];
    const signal = AbortSignal.timeout(120_000);
    const cacheScope = await buildCacheScope(manager, { gitRepo: repo }, undefined, signal, (line) => logs.push(line));
    const tag = `${runId}-${name.toLowerCase().replace(/ /g, '-')}-cached:1`;
    const spec = await nixpacksBuildpack.build({
      workspace: await openWorkspace(dir),
      config: {} as never,
      imageTag: tag,
      buildId: runId,
      ...(cacheScope === undefined ? {} : { cacheScope }),
      log: (line) => logs.push(line),
      signal,
    });
    if (Array.isArray(spec) || !spec.dockerfile || !('content' in spec.dockerfile)) throw new Error('expected one generated Dockerfile');
    const text = spec.dockerfile.content;
    if (cacheMounts) {
      expect(text).toMatch(/^RUN --mount=type=cache,id=mikrocloud-[0-9a-f]{16}-npm,target=\/root\/\.npm \["sh","-c","npm ci --omit=dev --offline --no-audit --no-fund"\]$/m);
    } else {
      expect(text).not.toContain('--mount');
      expect(text).toContain('npm cache clean --force');
    }
    const { stream } = await createBuildContext({ dir, dockerfile: GENERATED, extraFiles: { [GENERATED]: text } });
    built.push({ manager, tag });
    await manager.buildImage({ context: stream, dockerfile: GENERATED, tags: [tag] }, { signal, onLog: (line) => logs.push(line) });
    expect(await manager.imageExists(tag)).toBe(true);
  }, 150_000);
});
