// A build whose repository URL carries tokens (user info and `?access_token=`) leaves them
// nowhere: not in the database file, the stored logs, the records' errors, the server log, nor
// the image's labels and history.
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager, LogFields } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { BuildService } from '../service/build-service.js';
import { cleanUpEngine, createTestManager, engineRequest, imageLabels, makeRepo, runId, tempDir, testLabels } from '../testing/support.js';

const run = promisify(execFile);
const TOKENS = ['mcSECRETuserinfo4711', 'mcSECRETquery0815', 'mcSECRETunreachable42'];
const USER = 'deploy';

/** `git http-backend` behind Basic authentication (the password must be the first token), on loopback. */
function gitHttpServer(projectRoot: string): Promise<{ port: number; close(): Promise<void> }> {
  const expected = `Basic ${Buffer.from(`${USER}:${TOKENS[0]}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: projectRoot,
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: USER,
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let sent = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (sent) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
      sent = true;
    });
    cgi.stdout.on('end', () => res.end());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

let manager: ContainerManager;
let base: string;
let projects: string;
let git: Awaited<ReturnType<typeof gitHttpServer>>;
const serverLog: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
const tag = `${runId}-leak:test`;
const instanceId = `${runId}-inst`;

beforeAll(async () => {
  manager = await createTestManager();
  base = await tempDir('leaks');
  const source = await makeRepo({
    Dockerfile: 'FROM busybox:latest\nARG GIT_URL=none\nRUN echo "built from $GIT_URL" > /from.txt\nCMD ["cat", "/from.txt"]\n',
  });
  cleanups.push(source.cleanup);
  projects = path.join(base, 'projects');
  await run('git', ['clone', '-q', '--bare', source.dir, path.join(projects, 'app.git')]);
  git = await gitHttpServer(projects);
});

afterAll(async () => {
  await git?.close();
  await cleanUpEngine();
  for (const cleanup of cleanups) await cleanup();
  await rm(base, { recursive: true, force: true });
});

describe('planted tokens', () => {
  it('appear in nothing a build leaves behind', async () => {
    const dbFile = path.join(base, 'data', 'mikrocloud.db');
    const buildDir = path.join(base, 'builds');
    const record = (level: string) => (message: string, fields?: LogFields) => serverLog.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const service = new BuildService({
      manager,
      store: new BuildStore(dbFile),
      buildDir,
      allowedProtocols: ['http'],
      allowedGitHosts: ['127.0.0.1'],
      instanceId,
      labels: testLabels,
      logger: { info: record('info'), warn: record('warn'), error: record('error') },
    });
    await service.start();
    const repoUrl = `http://${USER}:${TOKENS[0]}@127.0.0.1:${git.port}`;
    const ok = await service.submit({ git_repo: `${repoUrl}/app.git`, buildpack_type: 'dockerfile', image_tag: tag });
    const missing = await service.submit({ git_repo: `${repoUrl}/missing.git?access_token=${TOKENS[1]}`, buildpack_type: 'dockerfile', image_tag: tag });
    const unreachable = await service.submit({ git_repo: `http://127.0.0.1:9/x.git?access_token=${TOKENS[2]}`, buildpack_type: 'dockerfile', image_tag: tag });
    const records = [await service.waitFor(ok.id), await service.waitFor(missing.id), await service.waitFor(unreachable.id)];
    expect(records.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed']);
    expect(records[1]!.error).toMatch(/git clone failed/);
    expect(records[2]!.error).toMatch(/git clone failed/);
    expect(records[1]!.error).not.toContain(buildDir);
    expect(records[0]!.git_repo).toBe(`http://***@127.0.0.1:${git.port}/app.git`);

    const labels = await imageLabels(tag);
    expect(labels).toMatchObject({ 'io.mikrocloud.instance': instanceId, 'org.opencontainers.image.source': `http://***@127.0.0.1:${git.port}/app.git` });
    const history = await engineRequest('GET', `/images/${encodeURIComponent(tag)}/history`);
    const inspect = await engineRequest('GET', `/images/${encodeURIComponent(tag)}/json`);
    const texts = [
      JSON.stringify(records),
      JSON.stringify(service.list()),
      ...records.map((r) => service.logs(r.id)),
      JSON.stringify(labels),
      JSON.stringify(history.body),
      JSON.stringify(inspect.body),
      serverLog.join('\n'),
    ];
    await service.close();
    service.store.close();
    for (const name of await readdir(path.dirname(dbFile))) texts.push((await readFile(path.join(path.dirname(dbFile), name))).toString('latin1'));
    expect(texts.join('\n')).toContain('git clone failed');
    for (const token of TOKENS) {
      for (const text of texts) expect(text).not.toContain(token);
    }
    expect(await readdir(buildDir)).toEqual([]);
  });
});
