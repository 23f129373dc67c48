import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import type { BuildService } from '../service/build-service.js';
import { createBuilder } from '../service/in-memory-builder.js';
import { cleanUpEngine, createTestManager, eventually, imageLabels, makeRepo, randomPort, runId, runToCompletion, startTestBuildService, testLabels, type RepoFile } from '../testing/support.js';

let manager: ContainerManager;
let base: string;
let service: BuildService;
let started: Awaited<ReturnType<typeof startTestBuildService>> | undefined;
const cleanups: (() => Promise<void>)[] = [];
const tag = (name: string) => `${runId}-${name}:test`;

async function repo(files: Record<string, RepoFile>) {
  const r = await makeRepo(files);
  cleanups.push(r.cleanup);
  return r;
}

async function build(body: Record<string, unknown>) {
  const record = await service.submit(body);
  const final = await service.waitFor(record.id);
  if (final.status !== 'succeeded') throw new Error(`${final.status}: ${final.error}\n${service.logs(record.id)}`);
  return final;
}

/** Runs a container of `image` publishing port 80 and returns a fetcher for it. */
async function serve(image: string): Promise<(p: string) => Promise<{ status: number; text: string }>> {
  const port = randomPort();
  const created = await manager.create({ image, labels: testLabels, ports: { [`127.0.0.1:${port}`]: '80' } });
  cleanups.push(() => manager.remove(created.id, { force: true }));
  await manager.start(created.id);
  const get = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`);
    return { status: res.status, text: await res.text() };
  };
  await eventually(() => get('/').then(() => true), 60_000);
  return get;
}

beforeAll(async () => {
  manager = await createTestManager();
  started = await startTestBuildService(manager, 'builtins');
  ({ service, dir: base } = started);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await started?.dispose();
  await cleanUpEngine();
});

describe('static buildpack', () => {
  it('runs the build command in a Node builder and serves the output with nginx (SPA fallback)', async () => {
    const source = await repo({
      'package.json': '{"name":"site","private":true}',
      'build.js': "require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/index.html','<h1>built by node '+process.version+'</h1>');",
    });
    const final = await build({
      git_repo: source.url,
      buildpack_type: 'static',
      image_tag: tag('static-built'),
      // The engine's layer cache would skip the RUN step (and its output) on a second run.
      no_cache: true,
      // Quotes, $ and ; in the command reach sh -c intact: it is a JSON string in exec form.
      static_config: { build_command: String.raw`node build.js && echo "done; \$HOME='$HOME'"`, output_dir: 'dist', spa: true },
    });
    expect(service.logs(final.id)).toContain("done; $HOME='/root'");
    const get = await serve(tag('static-built'));
    expect(await get('/')).toMatchObject({ status: 200, text: expect.stringContaining(`built by node ${process.version}`) });
    expect(await get('/some/client/route')).toMatchObject({ status: 200, text: expect.stringContaining('built by node') });
  });

  it('serves a repository as is without a build command, with 404 for unknown paths', async () => {
    const source = await repo({ 'index.html': '<p>plain static</p>', 'about.html': '<p>about</p>' });
    await build({ git_repo: source.url, buildpack_type: 'static', image_tag: tag('static-plain') });
    const get = await serve(tag('static-plain'));
    expect(await get('/')).toMatchObject({ status: 200, text: '<p>plain static</p>' });
    expect(await get('/about.html')).toMatchObject({ status: 200, text: '<p>about</p>' });
    expect((await get('/missing')).status).toBe(404);
    expect((await get('/.git/HEAD')).status).toBe(404);
    expect((await get('/.mikrocloud/Dockerfile')).status).toBe(404);
  });

  it('refuses an output_dir that escapes the repository through a symlink', async () => {
    const source = await repo({ 'index.html': 'x', out: { symlink: '/etc' } });
    const record = await service.submit({ git_repo: source.url, buildpack_type: 'static', image_tag: tag('static-escape'), static_config: { output_dir: 'out' } });
    const final = await service.waitFor(record.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/static_config\.output_dir.*outside the repository/);
    expect(await imageLabels(tag('static-escape'))).toBeUndefined();
  });
});

describe('docker-compose buildpack', () => {
  const compose = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    build:',
      '      context: ./web',
      '      dockerfile: web.Dockerfile',
      '      args:',
      '        - GREETING=hello from compose',
      '    privileged: true',
      '    volumes: ["/:/host"]',
      '  worker:',
      '    build: ./worker',
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n'),
    'web/web.Dockerfile': 'FROM busybox:latest\nARG GREETING\nRUN echo "$GREETING" > /greeting\nCMD ["cat", "/greeting"]\n',
    'worker/Dockerfile': 'FROM busybox:latest\nCMD ["echo", "worker"]\n',
  };

  it('builds the named service and tags it image_tag', async () => {
    const source = await repo(compose);
    const final = await build({ git_repo: source.url, buildpack_type: 'docker-compose', image_tag: tag('compose'), compose_config: { service: 'web' } });
    expect(final.images).toEqual([{ tag: tag('compose'), image_id: final.image_id }]);
    expect(await runToCompletion(manager, tag('compose'))).toBe('hello from compose');
  });

  it('builds every service with a build section when all_services is set', async () => {
    const source = await repo(compose);
    const final = await build({ git_repo: source.url, buildpack_type: 'docker-compose', image_tag: tag('all'), compose_config: { all_services: true } });
    expect(final.images.map((i) => i.tag)).toEqual([`${runId}-all-web:test`, `${runId}-all-worker:test`]);
    expect(await runToCompletion(manager, `${runId}-all-worker:test`)).toBe('worker');
  });

  it('fails clearly for an unknown service or a context outside the repository', async () => {
    const source = await repo({ ...compose, 'evil.yaml': 'services:\n  x:\n    build: ../..\n' });
    const unknown = await service.waitFor((await service.submit({ git_repo: source.url, buildpack_type: 'docker-compose', image_tag: tag('c1'), compose_config: { service: 'nope' } })).id);
    expect(unknown.error).toContain('no service "nope" in compose.yaml (services: web, worker, db)');
    const noBuild = await service.waitFor((await service.submit({ git_repo: source.url, buildpack_type: 'docker-compose', image_tag: tag('c2'), compose_config: { service: 'db' } })).id);
    expect(noBuild.error).toContain('service "db" has no build section');
    const escape = await service.waitFor((await service.submit({ git_repo: source.url, buildpack_type: 'docker-compose', image_tag: tag('c3'), compose_config: { compose_file: 'evil.yaml' } })).id);
    expect(escape.status).toBe('failed');
    expect(escape.error).toMatch(/inside the repository/);
    expect(await readdir(path.join(base, 'builds'))).toEqual([]);
  });
});

describe('createBuilder (SDK)', () => {
  it('builds without a server and reports failures in the result', async () => {
    const builder = createBuilder({ manager, buildDir: path.join(base, 'sdk'), allowedProtocols: ['file'], labels: testLabels });
    const ok = await repo({ Dockerfile: `FROM busybox:latest\nRUN echo "sdk-build-$((6*7))" ${runId}\n` });
    const lines: string[] = [];
    const result = await builder.build({ git_repo: ok.url, buildpack_type: 'dockerfile', image_tag: tag('sdk') }, { onLog: (l) => lines.push(l) });
    expect(result).toMatchObject({ success: true, image_tag: tag('sdk'), commit: ok.commit, error: null });
    expect(result.image_id).toMatch(/^sha256:/);
    expect(lines.join('\n')).toContain('sdk-build-42');
    const bad = await repo({ Dockerfile: 'FROM busybox:latest\nRUN exit 3\n' });
    const failed = await builder.build({ git_repo: bad.url, buildpack_type: 'dockerfile', image_tag: tag('sdk-bad') });
    expect(failed.success).toBe(false);
    expect(failed.error).toBeTruthy();
    expect(await imageLabels(tag('sdk-bad'))).toBeUndefined();
  });
});
