// Helpers for this package's tests (not part of the public API).
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ValidationError, type ContainerManager } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { BuildService, type BuildServiceOptions } from '../service/build-service.js';

const run = promisify(execFile);

/** A short id for this test run; every image, container and temp dir a test creates carries it. */
export const runId = `mctest-${randomBytes(4).toString('hex')}`;
export const TEST_LABEL = 'io.mikrocloud.test';
export const testLabels = { [TEST_LABEL]: runId };

/**
 * The engine the integration tests use: `MIKROCLOUD_TEST_RUNTIME` (`docker`, default, or
 * `podman`) at `MIKROCLOUD_TEST_SOCKET` (default: the runtime's usual rootful socket).
 */
export function engineUnderTest(): { runtime: 'docker' | 'podman'; socketPath: string } {
  const runtime = process.env.MIKROCLOUD_TEST_RUNTIME === 'podman' ? 'podman' : 'docker';
  const socketPath = process.env.MIKROCLOUD_TEST_SOCKET ?? (runtime === 'podman' ? '/run/podman/podman.sock' : '/var/run/docker.sock');
  return { runtime, socketPath };
}

/** A manager for the engine under test (on Docker, `dockerBuilder` picks the builder); a missing engine fails the test run (never skips it). */
export async function createTestManager(options: { dockerBuilder?: 'auto' | 'buildkit' | 'legacy' } = {}): Promise<ContainerManager> {
  const { runtime, socketPath } = engineUnderTest();
  const manager: ContainerManager =
    runtime === 'podman'
      ? new (await import('@mikrocloud/runtime-podman')).PodmanContainerManager({ socketPath })
      : new (await import('@mikrocloud/runtime-docker')).DockerContainerManager({ socketPath, buildDefaults: { builder: options.dockerBuilder ?? 'auto' } });
  await manager.ping();
  return manager;
}

/** A raw call on the engine's Docker-compatible API, independent of the manager under test. */
export function engineRequest<T = unknown>(method: string, requestPath: string): Promise<{ status: number; body: T }> {
  const { socketPath } = engineUnderTest();
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: requestPath }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: body as T });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Removes every container and image labelled with this run's id (and the build cache it made dangling). */
export async function cleanUpEngine(): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  const containers = await engineRequest<{ Id: string }[]>('GET', `/containers/json?all=1&filters=${filters}`);
  for (const c of Array.isArray(containers.body) ? containers.body : []) await engineRequest('DELETE', `/containers/${c.Id}?force=1`);
  const images = await engineRequest<{ Id: string }[]>('GET', `/images/json?all=1&filters=${filters}`);
  for (const i of Array.isArray(images.body) ? images.body : []) await engineRequest('DELETE', `/images/${i.Id}?force=1`);
}

/** Labels of an image, or undefined when the engine does not know it. */
export async function imageLabels(ref: string): Promise<Record<string, string> | undefined> {
  const res = await engineRequest<{ Config?: { Labels?: Record<string, string> } }>('GET', `/images/${encodeURIComponent(ref)}/json`);
  if (res.status === 404) return undefined;
  return res.body.Config?.Labels ?? {};
}

/** A temporary directory named with this run's prefix. */
export function tempDir(what: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${runId}-${what}-`));
}

export type RepoFile = string | { symlink: string } | { executable: string };

/** A local git repository with one commit of the given files; `url` is a file:// URL. */
export async function makeRepo(files: Record<string, RepoFile>, options: { branch?: string } = {}): Promise<{ dir: string; url: string; commit: string; cleanup(): Promise<void> }> {
  const dir = await tempDir('repo');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
  };
  const git = (...args: string[]) => run('git', args, { cwd: dir, env });
  await git('init', '-q', '-b', options.branch ?? 'main');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof content === 'string') await writeFile(file, content);
    else if ('executable' in content) await writeFile(file, content.executable, { mode: 0o755 });
    else await symlink(content.symlink, file);
  }
  await git('add', '-A');
  await git('commit', '-q', '-m', 'test');
  const commit = (await git('rev-parse', 'HEAD')).stdout.trim();
  return { dir, url: `file://${dir}`, commit, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A random high host port. */
export function randomPort(): number {
  return randomInt(20000, 60000);
}

export { eventually, hostProcessesMatching } from '@mikrocloud/core/testing';

/** Starts a container from `image`, waits for it to exit, and returns its output; the container is removed. */
export async function runToCompletion(manager: ContainerManager, image: string): Promise<string> {
  const created = await manager.create({ image, labels: testLabels });
  try {
    await manager.start(created.id);
    await manager.wait(created.id);
    const lines: string[] = [];
    for await (const line of manager.logs(created.id)) lines.push(line.line);
    return lines.join('\n');
  } finally {
    await manager.remove(created.id, { force: true });
  }
}

/** The field the first problem of a rejected ValidationError names, or undefined when `promise` resolves. */
export async function fieldOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.problems[0]?.field;
    throw error;
  }
  return undefined;
}

export const DOCKER_SOCKET = '/var/run/docker.sock';

/** The docker CLI on the test engine: an independent view of what a build left behind. */
export async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', `unix://${DOCKER_SOCKET}`, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Writes a fixture tree (relative path → content). */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/**
 * Image ids a legacy-builder log names after each non-FROM step (` ---> 0123456789ab`). These
 * are the build's own intermediate images, which carry no test label; the ids printed after a
 * FROM step are base images and are left out.
 */
export function intermediateImageIds(logs: readonly string[]): string[] {
  const ids: string[] = [];
  let fromStep = false;
  for (const raw of logs) {
    const line = raw.trim();
    const step = /^Step \d+\/\d+ : (\S+)/.exec(line);
    if (step) fromStep = step[1]?.toUpperCase() === 'FROM';
    const id = /^---> ([0-9a-f]{12})$/.exec(line)?.[1];
    if (id && !fromStep) ids.push(id);
  }
  return ids;
}

/** Removes untagged intermediate images, children first; images still in use are left alone. */
export async function removeIntermediateImages(ids: readonly string[]): Promise<void> {
  for (const id of [...new Set(ids)].reverse()) {
    try {
      const tags = (await dockerCli('image', 'inspect', '--format', '{{len .RepoTags}}', id)).trim();
      if (tags === '0') await dockerCli('image', 'rm', id);
    } catch {
      // already gone, or another image (a concurrent build's) still builds on it
    }
  }
}

/** Polls an HTTP endpoint until it answers 200, returning the body. */
export async function httpGet(url: string, attempts = 150): Promise<string> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      // Bounded per attempt: a connection the port proxy accepts before the app listens can stall.
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return await response.text();
      last = new Error(`HTTP ${response.status}`);
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer: ${String(last)}`);
}

/**
 * A started BuildService on `manager`, its records and builds in a temp dir, `file://`
 * repositories allowed, everything labelled for this run, in `dir`. `dispose` closes it and removes the dir.
 */
export async function startTestBuildService(
  manager: ContainerManager,
  what: string,
  options: Partial<BuildServiceOptions> = {},
): Promise<{ service: BuildService; dir: string; dispose(): Promise<void> }> {
  const base = await tempDir(what);
  const service = new BuildService({
    ...options,
    manager,
    store: new BuildStore(path.join(base, 'mikrocloud.db')),
    buildDir: path.join(base, 'builds'),
    allowedProtocols: ['file'],
    labels: testLabels,
  });
  await service.start();
  return {
    service,
    dir: base,
    async dispose() {
      await service.close();
      service.store.close();
      await rm(base, { recursive: true, force: true });
    },
  };
}
