import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildService, openBuildStore, type BuildRecord } from '@mikrocloud/buildpacks';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import type { ContainerManager } from '@mikrocloud/core';
import { createApp } from '../app.js';
import { imageRoutes } from './images.js';
import { makeGitRepo } from '../test-support.js';

const runId = `mctest-${randomBytes(4).toString('hex')}`;
const TEST_LABEL = 'io.mikrocloud.test';
const socketPath = process.env.MIKROCLOUD_TEST_SOCKET ?? '/var/run/docker.sock';

let base: string;
let manager: ContainerManager;
let service: BuildService;
let app: ReturnType<typeof createApp>;

const makeRepo = (files: Record<string, string>) => makeGitRepo(base, files);

function engine(method: string, p: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: p }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const post = (p: string, body: unknown) =>
  app.request(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const tag = (name: string) => `${runId}-${name}:test`;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), `${runId}-images-`));
  manager = new DockerContainerManager({ socketPath });
  await manager.ping();
  service = new BuildService({
    manager,
    store: openBuildStore(path.join(base, 'data')),
    buildDir: path.join(base, 'builds'),
    allowedProtocols: ['file'],
    labels: { [TEST_LABEL]: runId },
  });
  await service.start();
  app = createApp({ manager, mounts: { '/api/v1/images': imageRoutes(service) } });
});

afterAll(async () => {
  await service?.close();
  service?.store.close();
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  const images = await engine('GET', `/images/json?filters=${filters}`);
  for (const image of images.body ?? []) await engine('DELETE', `/images/${image.Id}?force=1`);
  await rm(base, { recursive: true, force: true });
});

describe('image build routes on Docker', () => {
  it('answers 400 naming the field before cloning, 404 for unknown builds', async () => {
    const url = await makeRepo({ Dockerfile: 'FROM busybox:latest\n' });
    const res = await post('/api/v1/images/build', { git_repo: url, buildpack_type: 'dockerfile', image_tag: tag('x'), dockerfile_config: { foo: 1 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d) => d.field)).toEqual(['dockerfile_config.foo']);

    const unknown = await post('/api/v1/images/build', { git_repo: url, buildpack_type: 'nope', image_tag: tag('x') });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('dockerfile, static, docker-compose');

    const badRepo = await post('/api/v1/images/build', { git_repo: 'ext::sh -c id', buildpack_type: 'dockerfile', image_tag: tag('x') });
    expect(badRepo.status).toBe(400);
    expect(JSON.stringify(await badRepo.json())).toContain('git_repo');

    expect((await app.request('/api/v1/images/builds/does-not-exist')).status).toBe(404);
    expect((await app.request('/api/v1/images/builds/does-not-exist/logs')).status).toBe(404);
    expect(await readdir(path.join(base, 'builds')).catch(() => [])).toEqual([]);
  });

  it('builds with 202, streams the log live over SSE until the end, then lists and reads it', async () => {
    const url = await makeRepo({ Dockerfile: `FROM busybox:latest\nRUN echo "first-$((6*7))" ${runId} && sleep 3 && echo "second-$((6*7))"\n` });
    const id = `${runId}-sse`;
    const res = await post('/api/v1/images/build', { id, git_repo: url, buildpack_type: 'dockerfile', image_tag: tag('sse') });
    expect(res.status).toBe(202);
    expect(((await res.json()) as BuildRecord).status).toBe('queued');

    const dup = await post('/api/v1/images/build', { id, git_repo: url, buildpack_type: 'dockerfile', image_tag: tag('sse') });
    expect(dup.status).toBe(409);

    const stream = await app.request(`/api/v1/images/builds/${id}/logs`, { headers: { accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let statusWhenFirstLineArrived: string | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (statusWhenFirstLineArrived === undefined && text.includes('first-42')) {
        statusWhenFirstLineArrived = ((await (await app.request(`/api/v1/images/builds/${id}`)).json()) as BuildRecord).status;
      }
    }
    // The line arrived while the build was still running: it was streamed, not replayed.
    expect(statusWhenFirstLineArrived).toBe('running');
    expect(text).toContain('data: {"line":');
    expect(text).toContain('second-42');
    expect(text).toMatch(/event: end\ndata: \{"status":"succeeded","error":null\}/);

    const logs = await app.request(`/api/v1/images/builds/${id}/logs`);
    expect(logs.headers.get('content-type')).toContain('text/plain');
    expect(await logs.text()).toContain('second-42');

    // Each event's id is its line number; a client sending Last-Event-ID resumes after that line.
    const stored = (await (await app.request(`/api/v1/images/builds/${id}/logs`)).text()).trimEnd().split('\n');
    expect(text).toContain(`id: 1\ndata: ${JSON.stringify({ line: stored[0] })}\n\n`);
    const resumed = await (
      await app.request(`/api/v1/images/builds/${id}/logs`, { headers: { accept: 'text/event-stream', 'last-event-id': '2' } })
    ).text();
    const resumedLines = [...resumed.matchAll(/^id: ([0-9]+)\ndata: (.*)$/gm)].map((m) => [Number(m[1]), (JSON.parse(m[2]!) as { line: string }).line]);
    expect(resumedLines).toEqual(stored.slice(2).map((line, i) => [i + 3, line]));
    expect(resumed).toMatch(/event: end\ndata: \{"status":"succeeded","error":null\}/);
    const badResume = await app.request(`/api/v1/images/builds/${id}/logs`, { headers: { accept: 'text/event-stream', 'last-event-id': 'x' } });
    expect(badResume.status).toBe(400);

    const list = (await (await app.request('/api/v1/images/builds?status=succeeded')).json()) as BuildRecord[];
    expect(list.map((r) => r.id)).toContain(id);
    expect(((await (await app.request('/api/v1/images/builds?status=failed')).json()) as BuildRecord[]).map((r) => r.id)).not.toContain(id);
    expect((await app.request('/api/v1/images/builds?status=bogus')).status).toBe(400);

    const cancelFinished = await app.request(`/api/v1/images/builds/${id}/cancel`, { method: 'POST' });
    expect(cancelFinished.status).toBe(409);
  });

  it('waits with ?wait=true, and cancels a running build', async () => {
    const url = await makeRepo({ Dockerfile: 'FROM busybox:latest\nRUN echo waited\n' });
    const waited = await post('/api/v1/images/build?wait=true', { git_repo: url, buildpack_type: 'dockerfile', image_tag: tag('wait') });
    expect(waited.status).toBe(200);
    const record = (await waited.json()) as BuildRecord;
    expect(record.status).toBe('succeeded');
    expect(record.image_id).toMatch(/^sha256:/);
    expect(record.detected).toBeNull();

    // auto says in the record which buildpack it chose and why.
    const chosen = await post('/api/v1/images/build?wait=true', { git_repo: url, buildpack_type: 'auto', image_tag: tag('auto') });
    const autoRecord = (await chosen.json()) as BuildRecord;
    expect(autoRecord.status).toBe('succeeded');
    expect(autoRecord.detected).toEqual({ buildpack_type: 'dockerfile', reason: 'the repository has a Dockerfile at its root' });
    expect(((await (await app.request(`/api/v1/images/builds/${autoRecord.id}`)).json()) as BuildRecord).detected).toEqual(autoRecord.detected);

    const slow = await makeRepo({ Dockerfile: 'FROM busybox:latest\nRUN echo "sleeping-$((6*7))" && sleep 120\n' });
    const started = (await (await post('/api/v1/images/build', { git_repo: slow, buildpack_type: 'dockerfile', image_tag: tag('slow') })).json()) as BuildRecord;
    for await (const line of service.followLogs(started.id)) if (line.includes('sleeping-42')) break;
    const cancelled = await app.request(`/api/v1/images/builds/${started.id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as BuildRecord).status).toBe('cancelled');
  });

  it('plans without building: what was detected and why, 422 when nothing is recognised', async () => {
    const node = await makeRepo({
      'package.json': JSON.stringify({ name: 'planned', version: '1.0.0', scripts: { start: 'node server.js' } }),
      'package-lock.json': JSON.stringify({ name: 'planned', version: '1.0.0', lockfileVersion: 3, packages: {} }),
      'server.js': 'console.log("hi")\n',
    });
    const planned = await post('/api/v1/images/plan', {
      git_repo: node,
      buildpack_type: 'nixpacks',
      image_tag: tag('plan'),
      nixpacks_config: { variables: { NODE_ENV: 'production' } },
    });
    expect(planned.status).toBe(200);
    const body = (await planned.json()) as { commit: string; buildpack_type: string; plan: { provider: string; dockerfile: string } };
    expect(body.buildpack_type).toBe('nixpacks');
    expect(body.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(body.plan.provider).toBe('node');
    expect(body.plan.dockerfile).toContain('FROM ');
    const images = (await engine('GET', `/images/json?filters=${encodeURIComponent(JSON.stringify({ reference: [tag('plan')] }))}`)).body as unknown[];
    expect(images).toEqual([]);

    const auto = await post('/api/v1/images/plan', { git_repo: node, buildpack_type: 'auto', image_tag: tag('plan') });
    const autoBody = (await auto.json()) as { buildpack_type: string; detected: Record<string, string>; plan: { provider: string } };
    expect(autoBody.buildpack_type).toBe('auto');
    expect(autoBody.detected).toMatchObject({ buildpack_type: 'nixpacks', provider: 'node' });
    expect(autoBody.detected.reason).toMatch(/^no Dockerfile/);
    expect(autoBody.plan.provider).toBe('node');

    const nothing = await makeRepo({ 'notes.txt': 'no app here\n' });
    const unknown = await post('/api/v1/images/plan', { git_repo: nothing, buildpack_type: 'nixpacks', image_tag: tag('plan') });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unprocessable');

    const dockerfile = await post('/api/v1/images/plan', { git_repo: node, buildpack_type: 'dockerfile', image_tag: tag('plan') });
    expect(dockerfile.status).toBe(422);
    const bad = await post('/api/v1/images/plan', { git_repo: node, buildpack_type: 'nixpacks', image_tag: tag('plan'), nixpacks_config: { nope: 1 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('nixpacks_config.nope');
  });
});
