import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMikrocloudError, type ContainerManager } from '@mikrocloud/core';
import { pollUntil } from '@mikrocloud/core/testing';
import { DockerContainerManager } from './docker-container-manager.js';
import { requireRemoteEngine } from './remote-test-engine.js';
import { DOCKER_SOCKET, runId, TEST_LABEL } from './test-support.js';

const remote = requireRemoteEngine();
const remoteScript = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../tools/engines/remote.sh');
const labels = { [TEST_LABEL]: runId };

/** Reads a stream until it ends or fails; the failure's code, or `ended`. */
async function outcomeOf(lines: AsyncIterator<unknown>): Promise<string> {
  try {
    for (;;) if ((await lines.next()).done) return 'ended';
  } catch (err) {
    return isMikrocloudError(err) ? err.code : String(err);
  }
}

async function firstLine(lines: AsyncIterator<{ line: string }>): Promise<string> {
  const next = await lines.next();
  return next.done ? '' : next.value.line;
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    return isMikrocloudError(err) ? err.code : String(err);
  }
}

/** The ssh master connections started from inside `dir` (their title is `ssh: <control path> [mux]`). */
function sshMasters(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith(`ssh: ${dir}`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('remote engine: faults', () => {
  // The ssh dialer makes its control folder in TMPDIR: a folder of this test's own, so the
  // master connection killed below is the one this test started.
  const sshTmp = mkdtempSync(join(tmpdir(), 'mctest-ssh-'));
  const previousTmp = process.env.TMPDIR;
  let overSsh: ContainerManager;
  let overTls: ContainerManager;
  const local = new DockerContainerManager({ socketPath: DOCKER_SOCKET, env: {} });
  let container = '';

  beforeAll(async () => {
    process.env.TMPDIR = sshTmp;
    overSsh = new DockerContainerManager({ host: remote.sshHost, ssh: remote.ssh, env: {}, labels });
    overTls = new DockerContainerManager({ host: remote.tlsHost, tls: remote.tls, env: {}, labels });
    const created = await overSsh.create({ image: 'busybox:latest', name: `${runId}-ticker`, command: ['sh', '-c', 'while :; do echo tick; sleep 0.2; done'] });
    container = created.id;
    await overSsh.start(container);
  });

  afterAll(async () => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await pollUntil('the remote engine', () => overTls.ping(), () => true, 90_000).catch(() => undefined);
    if (container) await overTls.remove(container, { force: true }).catch(() => undefined);
    rmSync(sshTmp, { recursive: true, force: true });
  });

  it('an ssh connection killed mid-stream fails that stream as runtime_unavailable, and the next call reconnects', async () => {
    const lines = overSsh.logs(container, { follow: true, tail: 1 })[Symbol.asyncIterator]();
    expect(await firstLine(lines)).toBe('tick');
    const masters = sshMasters(sshTmp);
    expect(masters.length).toBeGreaterThan(0);
    for (const pid of masters) process.kill(pid, 'SIGKILL');

    expect(await outcomeOf(lines)).toBe('runtime_unavailable');
    // Only this manager's connection went: the others answer meanwhile.
    await overTls.ping();
    await local.ping();
    // A new connection on the next call, with the same manager.
    await overSsh.ping();
    expect((await overSsh.inspect(container)).state).toBe('running');
    expect(sshMasters(sshTmp).some((pid) => !masters.includes(pid))).toBe(true);
  }, 120_000);

  it('a recycled ssh connection keeps serving its running stream while new calls use a fresh one', async () => {
    const recycling = new DockerContainerManager({ host: remote.sshHost, ssh: { ...remote.ssh, maxConnectionAgeMs: 1000 }, env: {}, labels });
    const lines = recycling.logs(container, { follow: true, tail: 1 })[Symbol.asyncIterator]();
    expect(await firstLine(lines)).toBe('tick');
    const before = sshMasters(sshTmp);
    await new Promise((r) => setTimeout(r, 1500));
    await recycling.ping(); // past the age: a new connection, the old one told to stop once idle
    expect(sshMasters(sshTmp).filter((pid) => !before.includes(pid)).length).toBeGreaterThan(0);
    // The stream on the old connection goes on.
    for (let i = 0; i < 5; i++) expect(await firstLine(lines)).toBe('tick');
    await lines.return?.(undefined);
  }, 60_000);

  it('the remote engine killed mid-stream gives runtime_unavailable on both transports, the local engine keeps answering, and both recover without a restart', async () => {
    const overSshLines = overSsh.logs(container, { follow: true, tail: 1 })[Symbol.asyncIterator]();
    const overTlsLines = overTls.logs(container, { follow: true, tail: 1 })[Symbol.asyncIterator]();
    expect(await firstLine(overSshLines)).toBe('tick');
    expect(await firstLine(overTlsLines)).toBe('tick');

    const daemon = Number(readFileSync(remote.pidFile, 'utf8').trim());
    process.kill(daemon, 'SIGKILL');

    expect(await outcomeOf(overTlsLines)).toBe('runtime_unavailable');
    expect(await outcomeOf(overSshLines)).toBe('runtime_unavailable');
    expect(await codeOf(overTls.ping())).toBe('runtime_unavailable');
    expect(await codeOf(overSsh.ping())).toBe('runtime_unavailable');
    expect(await codeOf(local.ping())).toBe('ok');

    // Gone, or only waiting to be reaped.
    const stateOf = async (): Promise<string> => readFileSync(`/proc/${daemon}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    await pollUntil('the killed daemon to end', () => stateOf().catch(() => 'gone'), (state) => state === 'gone' || state === 'Z', 30_000);
    // Started without this test's TMPDIR: the daemons outlive the test's folder.
    const { TMPDIR: _ours, ...env } = process.env;
    await promisify(execFile)('bash', [remoteScript, 'start'], { timeout: 120_000, env: previousTmp === undefined ? env : { ...env, TMPDIR: previousTmp } });

    await pollUntil('the remote engine over TLS', () => overTls.ping(), () => true, 60_000);
    await pollUntil('the remote engine over ssh', () => overSsh.ping(), () => true, 60_000);
    expect((await overSsh.list({ all: true, labels })).map((c) => c.id)).toContain(container);
    expect((await overTls.list({ all: true, labels })).map((c) => c.id)).toContain(container);
  }, 240_000);
});

describe('remote engine: how it is reached', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'mctest-remote-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('follows DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and says how it was reached', async () => {
    const docker = new DockerContainerManager({ env: { DOCKER_HOST: remote.tlsHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: remote.certPath } });
    const info = await docker.info();
    expect(info).toMatchObject({ runtime: 'docker', socket_path: remote.tlsHost, warnings: [] });
  });

  it('reports a plain tcp:// DOCKER_HOST it passed over in warnings', async () => {
    const docker = new DockerContainerManager({ env: { DOCKER_HOST: remote.tlsHost } });
    const info = await docker.info();
    expect(info.socket_path).toBe(DOCKER_SOCKET);
    expect(info.warnings).toContainEqual(expect.stringMatching(/^DOCKER_HOST was passed over: plain tcp:\/\/ to .* refused/));
  });

  it('refuses an engine whose certificate another CA signed, and a host key known_hosts does not name', async () => {
    const otherCa = join(scratch, 'other-ca.pem');
    writeFileSync(otherCa, readFileSync('/var/lib/mikrocloud-engines/registry/ca.crt'));
    const wrongCa = new DockerContainerManager({ host: remote.tlsHost, tls: { ...remote.tls, caFile: otherCa }, env: {} });
    await expect(wrongCa.ping()).rejects.toMatchObject({ code: 'runtime_unavailable' });

    const otherHosts = join(scratch, 'known_hosts');
    writeFileSync(otherHosts, `[${remote.address}]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    const unknownKey = new DockerContainerManager({ host: remote.sshHost, ssh: { ...remote.ssh, knownHostsFile: otherHosts }, env: {} });
    await expect(unknownKey.ping()).rejects.toMatchObject({ code: 'runtime_unavailable', message: expect.stringContaining('Host key verification failed') });
  }, 60_000);

  it('refuses an unusable host at construction, naming the option', () => {
    expect(() => new DockerContainerManager({ host: `tcp://${remote.address}:2375` })).toThrow(/host: plain tcp:\/\/ to .* refused/);
  });
});
