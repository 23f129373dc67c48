import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import { requireTestNpmRegistry, type TestNpmRegistry } from '@mikrocloud/core/testing';
import type { BuildService } from '../service/build-service.js';
import { cleanUpEngine, createTestManager, engineRequest, engineUnderTest, eventually, makeRepo, randomPort, runId, startTestBuildService, tempDir, testLabels } from '../testing/support.js';

// A Node app with real dependencies from a registry: its .npmrc names the local verdaccio
// (tools/engines/verdaccio.sh, no uplink) that build containers reach on the bridge gateway, its
// nixpacks.toml replaces the offline install with one that may use the network, and npm ci
// installs chalk (with its five dependencies), ms and picocolors from there. Runs on Docker and on
// rootful and rootless Podman (whose build containers reach the same host address).

const run = promisify(execFile);
let manager: ContainerManager;
let service: BuildService;
let dispose: (() => Promise<void>) | undefined;
let registry: TestNpmRegistry;
const cleanups: (() => Promise<void>)[] = [];
const INSTALL = 'npm ci --omit=dev --prefer-offline --no-audit --no-fund';

/** BuildKit's cache-mount records on Docker (none elsewhere): they carry no label, and name the command, not the cache id. */
async function cacheMountRecords(): Promise<Map<string, string>> {
  if (engineUnderTest().runtime !== 'docker') return new Map();
  const df = await engineRequest<{ BuildCache?: { ID: string; Type: string; Description?: string }[] | null }>('GET', '/system/df');
  return new Map((df.body.BuildCache ?? []).filter((c) => c.Type === 'exec.cachemount').map((c) => [c.ID, c.Description ?? '']));
}
let cacheBefore = new Map<string, string>();

const server = `const http = require('http');
const ms = require('ms');
const chalk = require('chalk');
const pc = require('picocolors');
http.createServer((q, s) => s.end('2 days = ' + ms('2 days') + ' ms; ' + pc.bold('picocolors') + ' ' + chalk.level + ' ' + typeof chalk.red)).listen(Number(process.env.PORT || 3000), '0.0.0.0');
`;

/** The lockfile npm makes for `manifest` against the local registry, on the host, with a throw-away cache and user config. */
async function lockfileFor(manifest: string, npmrc: string): Promise<string> {
  const dir = await tempDir('npm-lock');
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'app'));
  await writeFile(path.join(dir, 'app', 'package.json'), manifest);
  await writeFile(path.join(dir, 'app', '.npmrc'), npmrc);
  await writeFile(path.join(dir, 'userconfig'), '');
  await run('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--userconfig', path.join(dir, 'userconfig'), '--cache', path.join(dir, 'cache')], {
    cwd: path.join(dir, 'app'),
    timeout: 60_000,
  });
  return readFile(path.join(dir, 'app', 'package-lock.json'), 'utf8');
}

beforeAll(async () => {
  registry = await requireTestNpmRegistry();
  manager = await createTestManager();
  cacheBefore = await cacheMountRecords();
  ({ service, dispose } = await startTestBuildService(manager, 'npm-registry'));
});

afterAll(async () => {
  await dispose?.();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await cleanUpEngine();
  // The npm cache this run's install mounted: the record that appeared for its command.
  for (const [id, description] of await cacheMountRecords().catch(() => new Map<string, string>())) {
    if (!cacheBefore.has(id) && description.endsWith(`sh -c ${INSTALL}`)) await engineRequest('POST', `/build/prune?filters=${encodeURIComponent(JSON.stringify({ id: [id] }))}`).catch(() => {});
  }
});

describe('a node app installing from a private npm registry', { timeout: 300_000 }, () => {
  it('is built by the nixpacks buildpack with real installs from the .npmrc registry, and answers using them', async () => {
    const manifest = `${JSON.stringify({ name: 'registry-app', version: '1.0.0', private: true, scripts: { start: 'node server.js' }, dependencies: { chalk: '4.1.2', ms: '2.1.3', picocolors: '1.1.1' } }, null, 2)}\n`;
    const npmrc = `registry=${registry.url}\n`;
    const repo = await makeRepo({
      'package.json': manifest,
      'package-lock.json': await lockfileFor(manifest, npmrc),
      '.npmrc': npmrc,
      'nixpacks.toml': `[phases.install]\ncmds = [${JSON.stringify(INSTALL)}]\n`,
      'server.js': server,
    });
    cleanups.push(repo.cleanup);
    const image = `${runId}-registry-app:test`;
    const record = await service.submit({ git_repo: repo.url, image_tag: image, buildpack_type: 'nixpacks' });
    const final = await service.waitFor(record.id);
    const logs = service.logs(record.id);
    // Rootful Podman keeps the mounted npm cache in buildah's shared cache directory, by cache id.
    for (const [, id] of logs.matchAll(/id=(mikrocloud-[0-9a-f]{16}-npm)/g)) {
      if (engineUnderTest().socketPath === '/run/podman/podman.sock') cleanups.push(() => rm(path.join('/var/tmp/buildah-cache', id!), { recursive: true, force: true }));
    }
    if (final.status !== 'succeeded') throw new Error(`${final.status}: ${final.error}\n${logs}`);
    expect(logs).toMatch(/added 8 packages/);
    expect(service.get(record.id).detected).toMatchObject({ buildpack_type: 'nixpacks', provider: 'node' });

    const port = randomPort();
    const created = await manager.create({ image, labels: testLabels, ports: { [`127.0.0.1:${port}`]: '3000' } });
    cleanups.push(() => manager.remove(created.id, { force: true }));
    await manager.start(created.id);
    const body = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
      return res.text();
    }, 60_000);
    expect(body).toBe('2 days = 172800000 ms; picocolors 0 function');
  });
});
