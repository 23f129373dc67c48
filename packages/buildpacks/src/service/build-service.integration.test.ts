import { readdir } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, TooManyRequestsError, ValidationError, type ContainerManager } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { BuildService } from './build-service.js';
import { cleanUpEngine, createTestManager, eventually, hostProcessesMatching, imageLabels, makeRepo, runId, runToCompletion, tempDir, testLabels } from '../testing/support.js';

let manager: ContainerManager;
let base: string;
let buildDir: string;
let dbFile: string;
let service: BuildService;
const repos: { cleanup(): Promise<void> }[] = [];

const tag = (name: string) => `${runId}-${name}:test`;

async function repo(files: Record<string, string>) {
  const r = await makeRepo(files);
  repos.push(r);
  return r;
}

function newService(options: Partial<ConstructorParameters<typeof BuildService>[0]> = {}) {
  return new BuildService({
    manager,
    store: new BuildStore(dbFile),
    buildDir,
    allowedProtocols: ['file'],
    labels: testLabels,
    ...options,
  });
}

beforeAll(async () => {
  manager = await createTestManager();
  base = await tempDir('service');
  buildDir = path.join(base, 'builds');
  dbFile = path.join(base, 'data', 'mikrocloud.db');
  service = newService();
  await service.start();
});

afterAll(async () => {
  await service?.close();
  service?.store.close();
  await cleanUpEngine();
  await Promise.all(repos.map((r) => r.cleanup()));
  await rm(base, { recursive: true, force: true });
});

describe('BuildService with the dockerfile buildpack', () => {
  it('clones, builds, labels and records an image whose container prints what the source says', async () => {
    const source = await repo({
      Dockerfile: 'FROM busybox:latest\nARG VERSION=0\nCOPY message.txt /message.txt\nRUN echo "version $VERSION" > /version.txt\nCMD ["sh", "-c", "cat /message.txt /version.txt"]\n',
      'message.txt': 'hello from the repository\n',
      '.dockerignore': 'secret.txt\n',
      'secret.txt': 'do not send',
    });
    const queued = await service.submit({
      id: `${runId}-df`,
      git_repo: source.url,
      buildpack_type: 'dockerfile',
      image_tag: tag('df'),
      dockerfile_config: { dockerfile_path: 'Dockerfile', build_args: { VERSION: '1.0.0' } },
    });
    expect(queued).toMatchObject({ id: `${runId}-df`, status: 'queued', buildpack_type: 'dockerfile', image_tag: tag('df') });
    const final = await service.waitFor(queued.id);
    expect(final.error).toBeNull();
    expect(final).toMatchObject({ status: 'succeeded', commit: source.commit, git_repo: source.url });
    expect(final.image_id).toMatch(/^sha256:/);
    expect(final.duration_ms).toBeGreaterThanOrEqual(0);
    expect(final.first_output_ms).toBeGreaterThanOrEqual(0);
    expect(final.started_at).not.toBeNull();
    expect(final.finished_at).not.toBeNull();

    const labels = await imageLabels(tag('df'));
    expect(labels).toMatchObject({
      'org.opencontainers.image.source': source.url,
      'org.opencontainers.image.revision': source.commit,
      'io.mikrocloud.build.id': `${runId}-df`,
    });
    expect(await runToCompletion(manager, tag('df'))).toBe('hello from the repository\nversion 1.0.0');
    const log = service.logs(queued.id);
    expect(log).toContain('Checked out');
    expect(log).toContain('Build succeeded');
    expect(await readdir(buildDir)).toEqual([]);
  });

  it('fails a build whose RUN step exits non-zero and tags nothing', async () => {
    const source = await repo({ Dockerfile: 'FROM busybox:latest\nRUN echo "about-to-fail-$((6*7))" && exit 1\n' });
    const record = await service.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('fail') });
    const final = await service.waitFor(record.id);
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/non-zero|returned|exit/i);
    expect(final.image_id).toBeNull();
    expect(await imageLabels(tag('fail'))).toBeUndefined();
    expect(service.logs(record.id)).toContain('about-to-fail-42');
    expect(await readdir(buildDir)).toEqual([]);
  });

  it('cancels a running build for real', async () => {
    const marker = `${runId}-cancel-marker`;
    const source = await repo({ Dockerfile: `FROM busybox:latest\nRUN echo "sleeping-$((6*7))" && sleep 120 && echo ${marker}\n` });
    const record = await service.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('cancel') });
    // Wait until the engine is running the step, so the cancel stops an engine build, not a clone.
    // Output, not the step's echo: the shell computes 42, so the step is running in a container.
    for await (const line of service.followLogs(record.id)) if (line.includes('sleeping-42')) break;
    expect((await hostProcessesMatching(marker)).length).toBeGreaterThan(0);
    const cancelled = await service.cancel(record.id);
    expect(cancelled.status).toBe('cancelled');
    // The step itself stops: its shell (whose command line holds the marker; the trailing echo keeps
    // busybox from exec'ing sleep in its place) goes away.
    await eventually(async () => ((await hostProcessesMatching(marker)).length === 0 ? true : undefined), 30_000);
    expect(await imageLabels(tag('cancel'))).toBeUndefined();
    await expect(service.cancel(record.id)).rejects.toBeInstanceOf(ConflictError);
    expect(await readdir(buildDir)).toEqual([]);
  });

  it('runs at most `concurrency` builds and queues the rest in order; a queued build cancels at once', async () => {
    const single = newService({ concurrency: 1 });
    try {
      const slow = await repo({ Dockerfile: 'FROM busybox:latest\nRUN echo "busy-$((6*7))" && sleep 120\n' });
      const quick = await repo({ Dockerfile: 'FROM busybox:latest\nRUN echo quick\n' });
      const first = await single.submit({ git_repo: slow.url, buildpack_type: 'dockerfile', image_tag: tag('q1') });
      const second = await single.submit({ git_repo: quick.url, buildpack_type: 'dockerfile', image_tag: tag('q2') });
      const third = await single.submit({ git_repo: quick.url, buildpack_type: 'dockerfile', image_tag: tag('q3') });
      for await (const line of single.followLogs(first.id)) if (line.includes('busy-42')) break;
      expect(single.get(second.id).status).toBe('queued');
      expect((await single.cancel(second.id)).status).toBe('cancelled');
      expect(single.get(third.id).status).toBe('queued');
      await single.cancel(first.id);
      expect((await single.waitFor(third.id)).status).toBe('succeeded');
      expect(single.get(second.id).started_at).toBeNull();
    } finally {
      await single.close();
      single.store.close();
    }
  });

  it('stops a build that runs past its time limit (timed_out)', async () => {
    const quick = newService({ timeoutMs: 4000 });
    try {
      const source = await repo({ Dockerfile: 'FROM busybox:latest\nRUN sleep 120\n' });
      const record = await quick.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('timeout') });
      const final = await quick.waitFor(record.id);
      expect(final.status).toBe('timed_out');
      expect(final.error).toMatch(/time limit/);
      expect(await imageLabels(tag('timeout'))).toBeUndefined();
    } finally {
      await quick.close();
      quick.store.close();
    }
  });

  it('refuses a duplicate id with a ConflictError, and bad input before anything is cloned', async () => {
    const source = await repo({ Dockerfile: 'FROM busybox:latest\n' });
    const body = { id: `${runId}-dup`, git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('dup') };
    await service.submit(body);
    await expect(service.submit(body)).rejects.toBeInstanceOf(ConflictError);
    await service.waitFor(body.id);

    const problems = async (input: unknown) => {
      try {
        await service.submit(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).problems.map((p) => p.field);
      }
      throw new Error('accepted');
    };
    expect(await problems({ ...body, id: undefined, git_branch: '--upload-pack=touch /tmp/x' })).toEqual(['git_branch']);
    expect(await problems({ ...body, id: undefined, dockerfile_config: { foo: 1 } })).toEqual(['dockerfile_config.foo']);
    expect(await problems({ ...body, id: undefined, static_config: {} })).toEqual(['static_config']);
    expect(await problems({ ...body, id: undefined, buildpack_type: 'nope' })).toEqual(['buildpack_type']);
    expect(await problems({ ...body, id: '../etc' })).toEqual(['id']);
    expect(await problems({ ...body, id: undefined, git_repo: 'ext::sh -c touch% /tmp/pwned' })).toEqual(['git_repo']);
    expect(await problems({ ...body, id: undefined, image_tag: 'Bad Tag' })).toEqual(['image_tag']);
  });

  it('keeps records and logs across a restart, and fails builds a dead process left running', async () => {
    const source = await repo({ Dockerfile: `FROM busybox:latest\nRUN echo "persisted-$((6*7))" ${runId}\n` });
    const record = await service.submit({ id: `${runId}-persist`, git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('persist') });
    await service.waitFor(record.id);
    // A build left "running" by a process that died.
    service.store.create({ id: `${runId}-orphan`, status: 'running', buildpack_type: 'dockerfile', git_repo: source.url, git_branch: null, image_tag: tag('orphan'), created_at: new Date().toISOString() });

    const restarted = newService();
    try {
      await restarted.start();
      expect(restarted.get(record.id)).toMatchObject({ status: 'succeeded', commit: source.commit });
      expect(restarted.logs(record.id)).toContain('persisted-42');
      expect(restarted.get(`${runId}-orphan`)).toMatchObject({ status: 'failed', error: 'interrupted by a server restart' });
      expect(restarted.list()[0]?.id).toBe(`${runId}-orphan`);
      await expect(restarted.submit({ id: record.id, git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('persist') })).rejects.toBeInstanceOf(ConflictError);
    } finally {
      restarted.store.close();
    }
  });

  it('refuses hostile fields at submission: nothing recorded, queued or cloned', async () => {
    const source = await repo({ Dockerfile: 'FROM busybox:latest\n' });
    const before = service.list({ limit: 10_000 }).length;
    const body = { git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('hostile') };
    const hostile = [
      { ...body, dockerfile_config: { dockerfile_path: '../../etc/passwd' } },
      { ...body, buildpack_type: 'docker-compose', compose_config: { service: 'web;id', compose_file: '../../etc/shadow' } },
      { ...body, buildpack_type: 'static', static_config: { output_dir: '../..', build_command: 'true\nRUN id' } },
      { ...body, image_tag: `${runId}-Upper/App:1` },
    ];
    for (const input of hostile) await expect(service.submit(input)).rejects.toBeInstanceOf(ValidationError);
    expect(service.list({ limit: 10_000 })).toHaveLength(before);
    expect(await readdir(buildDir)).toEqual([]);
  });

  it('keeps a build that prints past maxLogBytes going, and ends its stored log with one truncation line', async () => {
    const small = newService({ maxLogBytes: 64 * 1024 });
    try {
      // About 1 MB of output, 16 times the budget.
      const source = await repo({ Dockerfile: `FROM busybox:latest\nRUN echo ${runId} && seq 1 150000\nRUN echo after-the-flood\n` });
      const record = await small.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('chatty') });
      const followed: string[] = [];
      for await (const line of small.followLogs(record.id)) followed.push(line);
      const final = small.get(record.id);
      expect(final.status).toBe('succeeded');
      expect(final.image_id).toMatch(/^sha256:/);
      const stored = [...small.readLogs(record.id)];
      const last = stored.at(-1)!;
      expect(last).toMatch(/^\[mikrocloud\] log truncated after \d+ bytes$/);
      expect(stored.filter((l) => l.startsWith('[mikrocloud] log truncated'))).toHaveLength(1);
      const kept = stored.slice(0, -1).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
      expect(last).toBe(`[mikrocloud] log truncated after ${kept} bytes`);
      expect(kept).toBeLessThanOrEqual(64 * 1024);
      expect(kept).toBeGreaterThan(60 * 1024);
      expect(stored.some((l) => l.includes('after-the-flood'))).toBe(false);
      expect(followed).toEqual(stored);
    } finally {
      await small.close();
      small.store.close();
    }
  });

  it('answers TooManyRequestsError when maxQueue builds wait, records nothing for it, and counts plans in the same queue', async () => {
    const tight = newService({ concurrency: 1, maxQueue: 1 });
    try {
      const slow = await repo({ Dockerfile: 'FROM busybox:latest\nRUN echo "full-$((6*7))" && sleep 120\n' });
      const quick = await repo({ Dockerfile: 'FROM busybox:latest\nRUN echo quick\n' });
      const running = await tight.submit({ git_repo: slow.url, buildpack_type: 'dockerfile', image_tag: tag('full1') });
      for await (const line of tight.followLogs(running.id)) if (line.includes('full-42')) break;
      const waiting = await tight.submit({ git_repo: quick.url, buildpack_type: 'dockerfile', image_tag: tag('full2') });
      const count = tight.list({ limit: 10_000 }).length;
      const refused = await tight.submit({ id: `${runId}-refused`, git_repo: quick.url, buildpack_type: 'dockerfile', image_tag: tag('full3') }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TooManyRequestsError);
      expect((refused as TooManyRequestsError).status).toBe(429);
      expect((refused as TooManyRequestsError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(tight.store.get(`${runId}-refused`)).toBeUndefined();
      expect(tight.list({ limit: 10_000 })).toHaveLength(count);
      // A plan takes a place in the same queue: refused while it is full...
      await expect(tight.plan({ git_repo: quick.url, buildpack_type: 'nixpacks', image_tag: tag('plan') })).rejects.toBeInstanceOf(TooManyRequestsError);
      // ...and, once there is room, waits for the slot the running build holds.
      await tight.cancel(waiting.id);
      let planned = false;
      const plan = tight.plan({ git_repo: quick.url, buildpack_type: 'nixpacks', image_tag: tag('plan') }).finally(() => (planned = true));
      await expect(tight.submit({ git_repo: quick.url, buildpack_type: 'dockerfile', image_tag: tag('full4') })).rejects.toBeInstanceOf(TooManyRequestsError);
      await new Promise((r) => setTimeout(r, 500));
      expect(planned).toBe(false);
      await tight.cancel(running.id);
      await plan.catch(() => {});
      expect(planned).toBe(true);
    } finally {
      await tight.close();
      tight.store.close();
    }
  });

  it('deletes finished builds past the retention with their logs, at start and after each build', async () => {
    const file = path.join(base, 'retention', 'mikrocloud.db');
    const seed = new BuildStore(file);
    const old = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
    seed.create({ id: `${runId}-old`, status: 'queued', buildpack_type: 'dockerfile', git_repo: 'file:///x', git_branch: null, image_tag: tag('old'), created_at: old });
    seed.update(`${runId}-old`, { status: 'succeeded', finished_at: old });
    seed.appendLogs(`${runId}-old`, ['old line']);
    seed.close();
    const kept = newService({ store: new BuildStore(file), retention: { maxCount: 1, maxAgeDays: 30 } });
    try {
      await kept.start();
      expect(kept.store.get(`${runId}-old`)).toBeUndefined();
      expect(kept.store.readLogPage(`${runId}-old`)).toEqual([]);
      const source = await repo({ Dockerfile: 'FROM busybox:latest\n' });
      const first = await kept.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('ret1') });
      await kept.waitFor(first.id);
      const second = await kept.submit({ git_repo: source.url, buildpack_type: 'dockerfile', image_tag: tag('ret2') });
      await kept.waitFor(second.id);
      expect(kept.list().map((r) => r.id)).toEqual([second.id]);
      expect(kept.store.readLogPage(first.id)).toEqual([]);
      expect(kept.logs(second.id)).toContain('Build succeeded');
    } finally {
      await kept.close();
      kept.store.close();
    }
  });
});
