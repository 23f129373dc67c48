// Repositories whose files point at the host: every read is confined, the answers do not tell
// what exists on the host, and nothing outside the checkout is read or written.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { BuildService } from '../service/build-service.js';
import { cleanUpEngine, createTestManager, imageLabels, makeRepo, runId, tempDir, testLabels, type RepoFile } from '../testing/support.js';

let manager: ContainerManager;
let base: string;
let service: BuildService;
const cleanups: (() => Promise<void>)[] = [];
const tag = (name: string) => `${runId}-hostile-${name}:test`;

beforeAll(async () => {
  manager = await createTestManager();
  base = await tempDir('hostile');
  service = new BuildService({ manager, store: new BuildStore(path.join(base, 'mikrocloud.db')), buildDir: path.join(base, 'builds'), allowedProtocols: ['file'], labels: testLabels });
  await service.start();
});

afterAll(async () => {
  await service?.close();
  service?.store.close();
  await cleanUpEngine();
  for (const cleanup of cleanups) await cleanup();
  await rm(base, { recursive: true, force: true });
});

async function build(name: string, files: Record<string, RepoFile>, extra: Record<string, unknown> = {}) {
  const repo = await makeRepo(files);
  cleanups.push(repo.cleanup);
  const queued = await service.submit({ git_repo: repo.url, buildpack_type: 'dockerfile', image_tag: tag(name), ...extra });
  const final = await service.waitFor(queued.id);
  return { final, logs: service.logs(final.id) };
}

const DOCKERFILE = 'FROM busybox:latest\nCOPY . /ctx\n';

describe('hostile repository files', () => {
  it('a .dockerignore linked to /dev/zero fails the build at once, without reading it', async () => {
    const before = process.memoryUsage().rss;
    const { final } = await build('zero', { Dockerfile: DOCKERFILE, '.dockerignore': { symlink: '/dev/zero' } });
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/\.dockerignore: leads outside the repository/);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(await imageLabels(tag('zero'))).toBeUndefined();
  });

  it('<Dockerfile>.dockerignore linked to a host directory or to a missing path: the same answer', async () => {
    const exists = await build('dir', { Dockerfile: DOCKERFILE, 'Dockerfile.dockerignore': { symlink: '../../../../../../../../etc/hostname' } });
    const missing = await build('missing', { Dockerfile: DOCKERFILE, 'Dockerfile.dockerignore': { symlink: '../../../../../../../../etc/mc-not-there' } });
    expect(exists.final.status).toBe('failed');
    expect(exists.final.error).toBe(missing.final.error);
    expect(exists.final.error).toMatch(/Dockerfile\.dockerignore: leads outside the repository/);
  });

  it('a compose file or Dockerfile linked to a host file is refused, naming the field', async () => {
    const repo = await makeRepo({ 'docker-compose.yml': { symlink: '/etc/passwd' }, Dockerfile: { symlink: '/etc/hostname' } });
    cleanups.push(repo.cleanup);
    const compose = await service.waitFor((await service.submit({ git_repo: repo.url, buildpack_type: 'docker-compose', image_tag: tag('compose') })).id);
    expect(compose.status).toBe('failed');
    expect(compose.error).toMatch(/compose_config\.compose_file: leads outside the repository/);
    const dockerfile = await service.waitFor((await service.submit({ git_repo: repo.url, buildpack_type: 'dockerfile', image_tag: tag('df') })).id);
    expect(dockerfile.error).toMatch(/leads outside the repository/);
    expect(`${compose.error}${dockerfile.error}${service.logs(compose.id)}`).not.toMatch(/root:x:0/);
  });

  it('a nixpacks.toml or package.json linked to host files reads as absent; the build stays inside', async () => {
    const { final, logs } = await build(
      'nix',
      { 'index.html': '<h1>ok</h1>', 'nixpacks.toml': { symlink: '/etc/passwd' }, 'package.json': { symlink: '/dev/zero' } },
      { buildpack_type: 'nixpacks' },
    );
    expect(final.error).toBeNull();
    expect(logs).toMatch(/provider static/);
    expect(existsSync(path.join(base, 'builds'))).toBe(true);
  });
});
