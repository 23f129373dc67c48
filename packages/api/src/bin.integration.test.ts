import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_LABEL, freePort, newRunId, readEvents, removeTestContainers } from './test-support.js';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const runId = newRunId();
const dir = mkdtempSync(join(tmpdir(), 'mctest-bin-'));
const TOKEN = 'process-test-token-1234';
const BUILT_TAG = `mctest-bin-${runId}:latest`;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeTestContainers(runId);
  try {
    execFileSync('docker', ['image', 'rm', '--force', BUILT_TAG], { stdio: 'ignore' });
  } catch {
    // Not built (the test failed before): nothing to remove.
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `mikrocloud` from source, the way `npm start` does. */
function mikrocloud(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--conditions=@mikrocloud/source', '--import', 'tsx', 'src/bin.ts', ...args], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function waitForLine(read: () => string, pattern: RegExp, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  while (!pattern.test(read())) {
    if (done) throw new Error(`process exited before printing ${pattern}:\n${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the mikrocloud process', () => {
  it('serves with a config file, requires the token, and exits 0 on SIGTERM, ending open log streams', async () => {
    const port = await freePort();
    const config = join(dir, 'mikrocloud.toml');
    writeFileSync(config, `[server]\nhost = "127.0.0.1"\nport = 1\ntoken = "${TOKEN}"\ndata_dir = "${join(dir, 'data')}"\n\n[docker]\nsocket_path = "/var/run/docker.sock"\nbuild_dir = "${join(dir, 'builds')}"\n`, { mode: 0o600 });
    const proc = mikrocloud(['serve', '--config', config, '--port', String(port)]);
    await waitForLine(proc.stderr, /"msg":"listening"/, proc.exited);
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${TOKEN}` };

    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/containers`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/containers`, { headers: auth })).status).toBe(200);

    const created = await fetch(`${base}/api/v1/containers`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        image: 'busybox:latest',
        name: `mctest-${runId}-ticker`,
        command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'],
        labels: { [TEST_LABEL]: runId },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${base}/api/v1/containers/${id}/start`, { method: 'POST', headers: auth })).status).toBe(200);

    const stream = await fetch(`${base}/api/v1/containers/${id}/logs`, { headers: { ...auth, accept: 'text/event-stream' } });
    let signalled = false;
    const events = await readEvents(stream, (seen) => {
      if (!signalled && seen.some((e) => e.event === 'message')) {
        signalled = true;
        proc.child.kill('SIGTERM');
      }
      return false;
    });
    expect(events.at(-1)?.event).toBe('end');
    expect(await proc.exited).toBe(0);

    const log = proc.stderr();
    expect(log).toContain('"msg":"shutting down"');
    expect(log).toContain('"status":401');
    expect(log).not.toContain(TOKEN);
  });

  it('builds from a git repository, and finds the record and its log again after a restart', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Dockerfile'), 'FROM busybox:latest\nARG VERSION\nRUN echo "building version $VERSION"\nCMD ["echo", "hello"]\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'app');
    const commit = git('rev-parse', 'HEAD').toString().trim();

    const config = join(dir, 'builds.toml');
    writeFileSync(
      config,
      [
        '[server]',
        `data_dir = "${join(dir, 'build-data')}"`,
        '[docker]',
        'socket_path = "/var/run/docker.sock"',
        `build_dir = "${join(dir, 'build-work')}"`,
        '[build]',
        'allowed_git_protocols = ["file"]',
      ].join('\n'),
    );
    const serve = async () => {
      const port = await freePort();
      const proc = mikrocloud(['serve', '--config', config, '--port', String(port)]);
      await waitForLine(proc.stderr, /"msg":"listening"/, proc.exited);
      return { proc, base: `http://127.0.0.1:${port}` };
    };

    const first = await serve();
    const built = await fetch(`${first.base}/api/v1/images/build?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `mctest-${runId}-build`,
        git_repo: repo,
        buildpack_type: 'dockerfile',
        image_tag: BUILT_TAG,
        dockerfile_config: { dockerfile_path: 'Dockerfile', build_args: { VERSION: '1.0.0' } },
      }),
    });
    expect(built.status).toBe(200);
    expect(await built.json()).toMatchObject({ status: 'succeeded', commit, image_tag: BUILT_TAG });
    first.proc.child.kill('SIGTERM');
    expect(await first.proc.exited).toBe(0);

    const second = await serve();
    const record = await fetch(`${second.base}/api/v1/images/builds/mctest-${runId}-build`);
    expect(await record.json()).toMatchObject({ status: 'succeeded', commit });
    const log = await (await fetch(`${second.base}/api/v1/images/builds/mctest-${runId}-build/logs`)).text();
    expect(log).toContain('building version 1.0.0');
    second.proc.child.kill('SIGTERM');
    expect(await second.proc.exited).toBe(0);
  });

  it('refuses to listen on a non-loopback address without a token: exit 2', async () => {
    const proc = mikrocloud(['serve', '--host', '0.0.0.0', '--port', String(await freePort())]);
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toContain('server.token');
  });

  it('prints its version', async () => {
    const proc = mikrocloud(['--version']);
    let out = '';
    proc.child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    expect(await proc.exited).toBe(0);
    expect(out.trim()).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+/);
  });
});
