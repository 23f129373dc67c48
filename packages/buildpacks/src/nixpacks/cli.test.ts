import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../workspace/workspace.js';
import { createNixpacksBuildpack } from './buildpack.js';
import { findNixpacks, nixpacksCliArgs, runNixpacksCli } from './cli.js';

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

// A stand-in run as the unprivileged user: it tries what a hostile checkout could make the real
// CLI do (write into the server's checkout, plant links to host files in its output) and writes a
// Dockerfile, its argv and its uid where nixpacks writes its output.
const HOSTILE_STAND_IN = `#!/bin/sh
out=""
prev=""
for a in "$@"; do [ "$prev" = "--out" ] && out="$a"; prev="$a"; done
mkdir -p "$out/.nixpacks/assets"
printf '%s\\n' "$@" >"$out/.nixpacks/argv.log"
id -u >"$out/.nixpacks/uid"
echo pwned >"$WORKSPACE/pwned" 2>/dev/null && echo "wrote into the checkout"
ln -s /etc/shadow "$out/.nixpacks/shadow"
ln -s /etc "$out/.nixpacks/etc"
printf 'FROM busybox:latest\\nCOPY .nixpacks/assets/site.conf /site.conf\\n' >"$out/.nixpacks/Dockerfile"
printf 'listen 80;\\n' >"$out/.nixpacks/assets/site.conf"
`;

describe('nixpacks buildpack with the CLI (server setting)', () => {
  let base: string;
  let repo: string;
  let bin: string;
  beforeAll(async () => {
    // Dropping to an unprivileged user needs root, as the suite does (see the README); never skip.
    if (process.getuid?.() !== 0) throw new Error('this suite runs as root: the nixpacks CLI confinement test switches users');
    base = await mkdtemp(path.join(tmpdir(), 'mctest-nixpacks-bp-'));
    await chmod(base, 0o755);
    repo = path.join(base, 'repo');
    bin = path.join(base, 'bin');
    await mkdir(repo, { mode: 0o700 });
    await mkdir(bin, { mode: 0o755 });
    await writeFile(path.join(bin, 'nixpacks'), HOSTILE_STAND_IN);
    await chmod(path.join(bin, 'nixpacks'), 0o755);
    await writeFile(path.join(repo, 'index.html'), '<h1>x</h1>');
    await symlink('/etc', path.join(repo, '.mikrocloud-nixpacks'));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  const context = (config: object, logs: string[]) => ({
    config: config as never,
    imageTag: 'mctest-cli:1',
    buildId: 'b1',
    log: (l: string) => logs.push(l),
    signal: new AbortController().signal,
  });
  const env = () => ({ PATH: `${bin}:/usr/bin:/bin`, WORKSPACE: repo });

  it('runs the CLI as nobody on a copy, outside the checkout, and reads back only regular files', async () => {
    const buildpack = createNixpacksBuildpack({ cli: true, env: env() });
    const logs: string[] = [];
    const spec = await buildpack.build({ workspace: await openWorkspace(repo), ...context({ build_command: 'make site' }, logs) });
    expect(spec).toMatchObject({ context: '.', dockerfile: { content: expect.stringContaining('FROM busybox:latest') }, tag: 'mctest-cli:1' });
    const files = (spec as { files: Record<string, string> }).files;
    expect(Object.keys(files).sort()).toEqual(['.nixpacks/argv.log', '.nixpacks/assets/site.conf', '.nixpacks/uid']);
    expect(files['.nixpacks/uid']!.trim()).toBe('65534');
    const argv = files['.nixpacks/argv.log']!.split('\n');
    expect(argv[0]).toBe('build');
    expect(argv[1]).not.toContain(repo);
    expect(argv.slice(4, 6)).toEqual(['--build-cmd', 'make site']);
    expect(logs).toContain(`nixpacks: writing the Dockerfile with ${path.join(bin, 'nixpacks')} as user nobody`);
    expect(logs).not.toContain('wrote into the checkout');
    expect(await readdir(repo)).toEqual(['.mikrocloud-nixpacks', 'index.html']);
    expect(JSON.stringify(spec)).not.toContain('root:');
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('mcnixpacks-'))).toEqual([]);
  });

  it('is off unless the server turns it on, and requests cannot ask for it', async () => {
    const logs: string[] = [];
    const spec = await createNixpacksBuildpack({ env: env() }).build({ workspace: await openWorkspace(repo), ...context({}, logs) });
    expect(spec).toMatchObject({ context: '.', dockerfile: { content: expect.stringContaining('FROM nginx:alpine') } });
    await expect(
      createNixpacksBuildpack({ cli: true, env: env() }).build({ workspace: await openWorkspace(repo), ...context({ use_cli: true }, logs) }),
    ).rejects.toThrow(/use_cli: is a server setting/);
  });

  it('refuses staticAssets names that climb or are absolute before running the CLI', async () => {
    const hostile = path.join(base, 'hostile');
    await mkdir(hostile);
    await writeFile(path.join(hostile, 'index.html'), 'x');
    for (const name of ['../../../../tmp/mctest-escape', '/etc/cron.d/x', 'a/../../b']) {
      await writeFile(path.join(hostile, 'nixpacks.toml'), `[staticAssets]\n${JSON.stringify(name)} = "x"\n`);
      const logs: string[] = [];
      await expect(
        createNixpacksBuildpack({ cli: true, env: env() }).build({ workspace: await openWorkspace(hostile), ...context({}, logs) }),
      ).rejects.toThrow(/staticAssets/);
      expect(logs).toEqual([]);
    }
  });
});
