import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_LABEL, freePort, newRunId, readEvents, removeTestContainers } from './test-support.js';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const runId = newRunId();
const dir = mkdtempSync(join(tmpdir(), 'mctest-bin-'));
const TOKEN = 'process-test-token-1234';
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await removeTestContainers(runId);
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
    writeFileSync(config, `[server]\nhost = "127.0.0.1"\nport = 1\ntoken = "${TOKEN}"\n\n[docker]\nsocket_path = "/var/run/docker.sock"\n`);
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
