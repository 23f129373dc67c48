import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { BuildService } from '../service/build-service.js';
import { cleanUpEngine, createTestManager, imageLabels, makeRepo, runId, tempDir, testLabels } from '../testing/support.js';

const run = promisify(execFile);
const TOKEN = 'ghp_testtoken_0123456789abcdef';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

let manager: ContainerManager;
let base: string;
let server: http.Server;
let apiUrl: string;
const seen: Seen[] = [];
/** The branch → commit the fake API reports. */
const branches = new Map<string, string>();
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  manager = await createTestManager();
  base = await tempDir('github');
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(value));
      };
      const url = req.url ?? '';
      if (req.method === 'GET' && url === '/repos/acme/private-app') return send(200, { name: 'private-app', private: true, default_branch: 'main' });
      const branch = /^\/repos\/acme\/private-app\/branches\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && branch) {
        const sha = branches.get(decodeURIComponent(branch[1]!));
        return sha ? send(200, { name: branch[1], commit: { sha } }) : send(404, { message: 'Branch not found' });
      }
      if (req.method === 'POST' && /^\/repos\/acme\/private-app\/statuses\/[0-9a-f]{40}$/.test(url)) return send(201, { state: JSON.parse(body).state });
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  for (const cleanup of cleanups) await cleanup().catch(() => {});
  await cleanUpEngine();
  await rm(base, { recursive: true, force: true });
});

function newService(cloneUrl: string) {
  return new BuildService({
    manager,
    store: new BuildStore(path.join(base, `${Math.random()}.db`)),
    buildDir: path.join(base, 'builds'),
    allowedProtocols: ['https'],
    labels: testLabels,
    github: { token: TOKEN, apiBaseUrl: apiUrl, commitStatus: true, cloneUrlFor: () => cloneUrl },
  });
}

describe('GitHub repositories with a token', () => {
  it('resolves the default branch, pins and verifies its commit, posts statuses, and never leaks the token', async () => {
    const repo = await makeRepo({ Dockerfile: 'FROM busybox:latest\nCOPY v.txt /v.txt\nCMD ["cat", "/v.txt"]\n', 'v.txt': 'first' });
    cleanups.push(repo.cleanup);
    const first = repo.commit;
    // A second commit lands after the API answered: the build must still be of the first one.
    const env = { PATH: process.env.PATH ?? '', HOME: repo.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
    await run('sh', ['-c', 'echo second > v.txt && git commit -qam second'], { cwd: repo.dir, env });
    branches.set('main', first);
    seen.length = 0;

    const service = newService(repo.url);
    try {
      const record = await service.submit({ git_repo: 'https://github.com/acme/private-app.git', buildpack_type: 'dockerfile', image_tag: `${runId}-gh:test` });
      const final = await service.waitFor(record.id);
      expect(final.error).toBeNull();
      expect(final).toMatchObject({ status: 'succeeded', commit: first });
      expect((await imageLabels(`${runId}-gh:test`))?.['org.opencontainers.image.revision']).toBe(first);

      expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
        'GET /repos/acme/private-app',
        'GET /repos/acme/private-app/branches/main',
        `POST /repos/acme/private-app/statuses/${first}`,
        `POST /repos/acme/private-app/statuses/${first}`,
      ]);
      expect(seen.map((s) => JSON.parse(s.body || '{}').state)).toEqual([undefined, undefined, 'pending', 'success']);
      for (const request of seen) {
        expect(request.authorization).toBe(`token ${TOKEN}`);
        expect(request.url + request.body).not.toContain(TOKEN);
      }
      const everything = JSON.stringify(service.list()) + service.logs(record.id) + JSON.stringify(await imageLabels(`${runId}-gh:test`));
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString('base64'));
    } finally {
      service.store.close();
    }
  });

  it('fails a build on an unknown branch without leaking the token, and posts no status', async () => {
    seen.length = 0;
    const service = newService('file:///nonexistent');
    try {
      const record = await service.submit({ git_repo: 'https://github.com/acme/private-app.git', git_branch: 'nope', buildpack_type: 'dockerfile', image_tag: `${runId}-gh2:test` });
      const final = await service.waitFor(record.id);
      expect(final.status).toBe('failed');
      expect(final.error).toMatch(/branch "nope".*not found/);
      expect(JSON.stringify(final) + service.logs(record.id)).not.toContain(TOKEN);
      expect(seen.some((s) => s.method === 'POST')).toBe(false);
    } finally {
      service.store.close();
    }
  });
});
