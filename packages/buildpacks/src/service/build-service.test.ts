import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type ContainerManager } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { makeRepo, tempDir } from '../testing/support.js';
import { BuildService } from './build-service.js';
import { createBuilder } from './in-memory-builder.js';

// Submissions refused at validation never reach an engine: any use of this one fails the test.
const untouchable = new Proxy({} as ContainerManager, {
  get(_, property) {
    throw new Error(`the engine was reached (${String(property)})`);
  },
});

let base: string;
let buildDir: string;
let repo: Awaited<ReturnType<typeof makeRepo>>;

beforeAll(async () => {
  base = await tempDir('submit');
  buildDir = path.join(base, 'builds');
  repo = await makeRepo({ Dockerfile: 'FROM busybox:latest\n' });
});
afterAll(async () => {
  await repo.cleanup();
  await rm(base, { recursive: true, force: true });
});

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => p.field);
    throw error;
  }
  throw new Error('accepted');
}

describe('BuildService submission checks', () => {
  const hostile: [string, Record<string, unknown>, string[]][] = [
    ['a Dockerfile path that climbs out', { dockerfile_config: { dockerfile_path: '../../etc/passwd' } }, ['dockerfile_config.dockerfile_path']],
    ['a compose service name with a shell character', { buildpack_type: 'docker-compose', compose_config: { service: 'web;id' } }, ['compose_config.service']],
    ['a compose file that climbs out', { buildpack_type: 'docker-compose', compose_config: { compose_file: '../../etc/shadow' } }, ['compose_config.compose_file']],
    ['an output directory that climbs out', { buildpack_type: 'static', static_config: { output_dir: '../..' } }, ['static_config.output_dir']],
    ['a build command with a newline', { buildpack_type: 'static', static_config: { build_command: 'npm run build\nRUN id' } }, ['static_config.build_command']],
    ['an image tag with an upper-case repository', { image_tag: 'MyApp:1' }, ['image_tag']],
    ['a tag outside the image namespace', { image_tag: 'nginx:alpine' }, ['image_tag']],
    ['a bad build id', { id: '../x' }, ['id']],
  ];

  it.each(hostile)('refuses %s before anything is recorded, queued or cloned', async (_, fields, expected) => {
    const store = new BuildStore(':memory:');
    const service = new BuildService({ manager: untouchable, store, buildDir, allowedProtocols: ['file'], imageNamespace: 'apps' });
    try {
      const body = { git_repo: repo.url, buildpack_type: 'dockerfile', image_tag: 'apps/web:1', ...fields };
      expect(await problemsOf(service.submit(body))).toEqual(expected);
      expect(await problemsOf(service.plan(body))).toEqual(expected);
      expect(await problemsOf((async () => service.validate(body))())).toEqual(expected);
      expect(store.list()).toEqual([]);
      expect(store.db.prepare('SELECT COUNT(*) FROM build_log_chunks').pluck().get()).toBe(0);
      await expect(readdir(buildDir)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await service.close();
      store.close();
    }
  });

  it('the in-memory builder refuses the same requests before cloning', async () => {
    const builder = createBuilder({ manager: untouchable, buildDir, allowedProtocols: ['file'], imageNamespace: 'apps' });
    for (const [, fields, expected] of hostile) {
      const body = { git_repo: repo.url, buildpack_type: 'dockerfile', image_tag: 'apps/web:1', ...fields } as Parameters<typeof builder.build>[0];
      expect(await problemsOf(builder.build(body))).toEqual(expected);
    }
    await expect(readdir(buildDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('the in-memory builder says why a build stopped: cancelled or timed_out', async () => {
    const builder = createBuilder({ manager: untouchable, buildDir, allowedProtocols: ['file'] });
    const request = { git_repo: repo.url, buildpack_type: 'dockerfile', image_tag: 'web:1' } as const;
    const timeout = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await builder.build(request, { signal: timeout })).toMatchObject({ success: false, error_code: 'timed_out' });
    expect(await builder.build(request, { signal: AbortSignal.abort() })).toMatchObject({ success: false, error_code: 'cancelled' });
  });

  it('refuses bounds and namespaces that make no sense when it is made', () => {
    const store = new BuildStore(':memory:');
    try {
      expect(() => new BuildService({ manager: untouchable, store, buildDir, maxQueue: -1 })).toThrow(TypeError);
      expect(() => new BuildService({ manager: untouchable, store, buildDir, maxLogBytes: 0 })).toThrow(TypeError);
      expect(() => new BuildService({ manager: untouchable, store, buildDir, retention: { maxAgeDays: -1 } })).toThrow(TypeError);
      expect(() => new BuildService({ manager: untouchable, store, buildDir, imageNamespace: 'Upper' })).toThrow(TypeError);
      expect(() => createBuilder({ manager: untouchable, buildDir, maxLogBytes: -5 })).toThrow(TypeError);
    } finally {
      store.close();
    }
  });
});
