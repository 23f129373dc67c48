import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAppRepository } from './fixture.js';
import { deployFromGit } from './seed-integration.js';

const runId = `mctest-${randomBytes(4).toString('hex')}`;
const TEST_LABEL = 'io.mikrocloud.test';
const labels = { [TEST_LABEL]: runId };
const socketPath = '/var/run/docker.sock';
let work: string;

/** A raw Engine API call: the test's own view of what the example left behind. */
function engine(method: string, p: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: p }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function labelled(kind: 'containers' | 'images'): Promise<{ Id: string }[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  return (await engine('GET', `/${kind}/json?all=1&filters=${filters}`)).body as { Id: string }[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), `${runId}-seed-`));
});

afterAll(async () => {
  for (const c of await labelled('containers')) await engine('DELETE', `/containers/${c.Id}?force=1`);
  for (const i of await labelled('images')) await engine('DELETE', `/images/${i.Id}?force=1`);
  await rm(work, { recursive: true, force: true });
});

describe('the seed integration example on Docker', () => {
  it('builds from a local git repository, creates the container from the build result, and it answers HTTP', async () => {
    const gitRepo = await makeAppRepository(path.join(work, 'app'), `seed ${runId}\n`);
    const hostPort = await freePort();
    const logs: string[] = [];
    const { service, buildResult, container } = await deployFromGit({
      cfg: { docker: { runtime: 'docker', socket_path: socketPath }, server: { data_dir: path.join(work, 'data') }, build: { allowed_git_protocols: ['file'] } },
      buildRequest: { git_repo: gitRepo, buildpack_type: 'dockerfile', image_tag: `${runId}-app:test` },
      name: `${runId}-app-instance`,
      hostPort,
      labels,
      onLog: (line) => logs.push(line),
    });
    try {
      expect(buildResult.status).toBe('succeeded');
      expect(logs.some((l) => l.startsWith('Build succeeded'))).toBe(true);
      expect(container.name).toBe(`${runId}-app-instance`);
      let body = '';
      for (let i = 0; i < 50 && body === ''; i++) {
        body = await fetch(`http://127.0.0.1:${hostPort}/`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => (r.ok ? r.text() : ''),
          () => '',
        );
        if (body === '') await new Promise((r) => setTimeout(r, 200));
      }
      expect(body).toBe(`seed ${runId}\n`);
      expect(service.builds.get(buildResult.id).image_id).toBe(buildResult.image_id);
    } finally {
      await container[Symbol.asyncDispose]();
      await service.manager.removeImage(buildResult.image_tag);
      await service.close();
    }
    expect(await labelled('containers')).toEqual([]);
    expect(await labelled('images')).toEqual([]);
  });
});
