import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError } from '@mikrocloud/core';
import { openWorkspace } from '../workspace/workspace.js';
import { createNixpacksBuildpack } from './buildpack.js';
import { findNixpacks, nixpacksCliArgs, runNixpacksCli, shouldUseCli } from './cli.js';

// A stand-in `nixpacks` that records its argv (one argument per line, NUL-free) and writes a
// Dockerfile where the real one would; it proves the argv contract without the real tool.
const STAND_IN = `#!/bin/sh
out=""
prev=""
for a in "$@"; do printf '%s\\n' "$a" >>"$ARGV_LOG"; [ "$prev" = "--out" ] && out="$a"; prev="$a"; done
mkdir -p "$out/.nixpacks"
printf 'FROM busybox:latest\\n' >"$out/.nixpacks/Dockerfile"
echo "writing plan for secret-value-123"
`;

describe('nixpacks CLI path', () => {
  let dir: string;
  let bin: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mctest-nixpacks-cli-'));
    bin = path.join(dir, 'bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'nixpacks'), STAND_IN);
    await chmod(path.join(bin, 'nixpacks'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes every user value as its own argument, leaving secrets out', () => {
    expect(
      nixpacksCliArgs('/app', '/out', {
        install_command: 'npm ci; rm -rf /',
        build_command: 'npm run build',
        start_command: 'node "$(id)".js',
        variables: { A: 'x y', S: { value: 'hidden', secret: true }, B: { value: 'b' } },
      }),
    ).toEqual([
      'build', '/app', '--out', '/out',
      '--install-cmd', 'npm ci; rm -rf /',
      '--build-cmd', 'npm run build',
      '--start-cmd', 'node "$(id)".js',
      '--env', 'A=x y',
      '--env', 'B=b',
    ]);
  });

  it('finds the executable on PATH only when use_cli asks for it', async () => {
    const env = { PATH: `relative/bin:${bin}:/nonexistent` };
    expect(await findNixpacks(env)).toBe(path.join(bin, 'nixpacks'));
    expect(await findNixpacks({ PATH: '/nonexistent' })).toBeUndefined();
    expect(await shouldUseCli({}, env)).toBeUndefined();
    expect(await shouldUseCli({ use_cli: false }, env)).toBeUndefined();
    expect(await shouldUseCli({ use_cli: 'auto' }, env)).toBe(path.join(bin, 'nixpacks'));
    expect(await shouldUseCli({ use_cli: 'auto' }, { PATH: '/nonexistent' })).toBeUndefined();
    await expect(shouldUseCli({ use_cli: true }, { PATH: '/nonexistent' })).rejects.toBeInstanceOf(BuildError);
  });

  it('runs the executable without a shell and returns the Dockerfile it wrote', async () => {
    const argvLog = path.join(dir, 'argv.log');
    const out = path.join(dir, 'out');
    const lines: string[] = [];
    const env = { PATH: `${bin}:/usr/bin:/bin`, ARGV_LOG: argvLog };
    const config = { start_command: 'node a.js && echo `id`', variables: { K: { value: 'secret-value-123', secret: true } } };
    const dockerfile = await runNixpacksCli(path.join(dir, 'app dir'), out, config, {
      executable: path.join(bin, 'nixpacks'),
      env,
      log: (l) => lines.push(l),
    });
    expect(dockerfile).toBe(path.join(out, '.nixpacks/Dockerfile'));
    expect((await readFile(argvLog, 'utf8')).split('\n').slice(0, -1)).toEqual([
      'build', path.join(dir, 'app dir'), '--out', out, '--start-cmd', 'node a.js && echo `id`',
    ]);
    expect(lines).toEqual(['writing plan for ***']);
  });
});

describe('nixpacks buildpack with use_cli', () => {
  let repo: string;
  let bin: string;
  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), 'mctest-nixpacks-bp-'));
    bin = path.join(repo, '..', `${path.basename(repo)}-bin`);
    await mkdir(bin);
    await writeFile(path.join(bin, 'nixpacks'), STAND_IN);
    await chmod(path.join(bin, 'nixpacks'), 0o755);
    await writeFile(path.join(repo, 'index.html'), '<h1>x</h1>');
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(bin, { recursive: true, force: true });
  });

  const context = (config: object, logs: string[]) => ({
    config: config as never,
    imageTag: 'mctest-cli:1',
    buildId: 'b1',
    log: (l: string) => logs.push(l),
    signal: new AbortController().signal,
  });

  it('builds the Dockerfile the CLI wrote when use_cli is "auto" and nixpacks is on PATH', async () => {
    const buildpack = createNixpacksBuildpack({ env: { PATH: `${bin}:/usr/bin:/bin`, ARGV_LOG: path.join(bin, 'argv.log') } });
    const logs: string[] = [];
    const spec = await buildpack.build({ workspace: await openWorkspace(repo), ...context({ use_cli: 'auto', build_command: 'make site' }, logs) });
    expect(spec).toEqual({ context: '.mikrocloud-nixpacks', dockerfile: { path: '.nixpacks/Dockerfile' }, tag: 'mctest-cli:1' });
    expect(logs[0]).toBe(`nixpacks: writing the Dockerfile with ${path.join(bin, 'nixpacks')}`);
  });

  it('plans itself when no CLI is found under "auto"', async () => {
    const buildpack = createNixpacksBuildpack({ env: { PATH: '/nonexistent' } });
    const logs: string[] = [];
    const spec = await buildpack.build({ workspace: await openWorkspace(repo), ...context({ use_cli: 'auto' }, logs) });
    expect(spec).toMatchObject({ context: '.', dockerfile: { content: expect.stringContaining('FROM nginx:alpine') } });
    expect(logs[0]).toBe('nixpacks: provider static (index.html)');
  });
});
