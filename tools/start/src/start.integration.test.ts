import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeConfiguredEngine } from './start.js';

const run = promisify(execFile);
const upScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../engines/up.sh');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mikrocloud-test-start-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the start probe on this machine', () => {
  it('finds the running Docker engine the default configuration points at', async () => {
    expect(await probeConfiguredEngine([], {}, dir)).toEqual({ runtime: 'docker', socketPath: '/var/run/docker.sock', answered: true });
  });

  it('reports a configured socket where nothing answers, with the reason', async () => {
    const file = path.join(dir, 'silent.toml');
    await writeFile(file, `[docker]\nsocket_path = "${path.join(dir, 'none.sock')}"\n`);
    const engine = await probeConfiguredEngine(['--config', file], {}, dir, 1000);
    expect(engine).toMatchObject({ runtime: 'docker', socketPath: path.join(dir, 'none.sock'), answered: false });
    expect(engine?.reason).toBeTruthy();
  });

  it('leaves a configuration it cannot read to serve', async () => {
    const file = path.join(dir, 'bad.toml');
    await writeFile(file, '[docker]\nruntime = "dockr"\n');
    expect(await probeConfiguredEngine([`--config=${file}`], {}, dir)).toBeUndefined();
  });
});

describe('tools/engines/up.sh --docker-only with Docker running', () => {
  it('leaves the running engine alone and starts nothing else', async () => {
    const { stdout } = await run('bash', [upScript, '--docker-only'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    expect(stdout).toBe('[engines] docker already running\n');
  });
});
