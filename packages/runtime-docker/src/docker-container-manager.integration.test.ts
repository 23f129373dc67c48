import net from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, ConflictError, Labels, NotFoundError, RuntimeUnavailableError, ValidationError, type LogLine } from '@mikrocloud/core';
import { DockerContainerManager } from './docker-container-manager.js';
import { DOCKER_SOCKET, TEST_LABEL, cleanUp, eventually, openPipes, randomPort, rawDocker, runId, testName } from './test-support.js';

const docker = new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId } });

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

async function busybox(command: string[], extra: { tty?: boolean } = {}) {
  return docker.create({ image: 'busybox:latest', name: testName('bb'), command, ...extra });
}

beforeAll(async () => {
  // A missing engine fails the suite here rather than skipping it.
  await docker.ping();
});

// A failed attempt (a timeout included) leaves nothing of this run behind for its retry and for
// the cases after it, which list this run's containers.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => cleanUp());
});

afterAll(async () => {
  await cleanUp();
});

describe('DockerContainerManager against Docker Engine', () => {
  it('runs the example configuration through its whole lifecycle', async () => {
    const port = randomPort();
    const name = testName('web');
    const created = await docker.create({
      image: 'nginx:alpine',
      name,
      ports: { [String(port)]: '80' },
      environment: { GREETING: 'hello world', EMPTY: '' },
      restart_policy: 'unless-stopped',
      labels: { team: 'edge' },
    });
    expect(created).toMatchObject({
      name,
      image: 'nginx:alpine',
      state: 'created',
      restart_policy: 'unless-stopped',
      exit_code: null,
      started_at: null,
      ports: [{ host_ip: '0.0.0.0', host_port: port, container_port: 80, protocol: 'tcp' }],
    });
    expect(created.environment).toMatchObject({ GREETING: 'hello world', EMPTY: '' });
    expect(created.labels).toMatchObject({ team: 'edge', 'io.mikrocloud.managed': 'true', 'io.mikrocloud.image': 'nginx:alpine' });

    // The engine's own view, read without this package.
    const raw = await rawDocker.getContainer(created.id).inspect();
    expect(raw.Name).toBe(`/${name}`);
    expect(raw.Config.Image).toBe('nginx:alpine');
    expect(raw.Config.Env).toEqual(expect.arrayContaining(['GREETING=hello world', 'EMPTY=']));
    expect(raw.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: String(port) }] });
    expect(raw.HostConfig.RestartPolicy).toMatchObject({ Name: 'unless-stopped' });
    expect(raw.Config.ExposedPorts).toEqual({ '80/tcp': {} });

    const started = await docker.start(name);
    expect(started.state).toBe('running');
    expect(started.started_at).not.toBeNull();
    expect((await docker.start(name)).state).toBe('running'); // already running: not an error

    const status = await eventually(async () => (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })).status);
    expect(status).toBe(200);

    const listed = (await docker.list()).find((c) => c.id === created.id);
    expect(listed).toMatchObject({ name, image: 'nginx:alpine', state: 'running', ports: created.ports });
    expect(new Date(listed?.created_at ?? '').toISOString()).toBe(listed?.created_at);

    await expect(docker.remove(name)).rejects.toBeInstanceOf(ConflictError);

    const stopped = await docker.stop(name, { timeoutSeconds: 2 });
    expect(stopped.state).toBe('exited');
    expect(typeof stopped.exit_code).toBe('number');
    expect((await docker.stop(name)).state).toBe('exited'); // already stopped: not an error
    const listedStopped = (await docker.list({ states: ['exited'] })).find((c) => c.id === created.id);
    expect(listedStopped?.ports).toEqual(created.ports);

    const restarted = await docker.restart(name, { timeoutSeconds: 1 });
    expect(restarted.state).toBe('running');

    await docker.remove(name, { force: true });
    await expect(docker.inspect(name)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a taken name with a ConflictError', async () => {
    const first = await busybox(['true']);
    const again = docker.create({ image: 'busybox:latest', name: first.name });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow(/already in use/);
  });

  it('reports a host port another container holds as a ConflictError on start', async () => {
    const port = randomPort();
    const holder = await docker.create({ image: 'busybox:latest', name: testName('holder'), command: ['sleep', '300'], ports: { [String(port)]: '80' } });
    const rival = await docker.create({ image: 'busybox:latest', name: testName('rival'), command: ['sleep', '300'], ports: { [String(port)]: '80' } });
    await docker.start(holder.id);
    const start = docker.start(rival.id);
    await expect(start).rejects.toBeInstanceOf(ConflictError);
    await expect(start).rejects.toThrow(/port is already allocated/);
    await docker.remove(holder.id, { force: true });
  });

  it('answers NotFoundError for every verb on a missing container', async () => {
    const missing = `${runId}-missing`;
    await expect(docker.inspect(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(docker.inspect(missing)).rejects.toThrow(`container "${missing}" not found`);
    await expect(docker.start(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(docker.stop(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(docker.restart(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(docker.remove(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(docker.remove(missing, { force: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(docker.wait(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(collect(docker.logs(missing))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('validates before touching the engine', async () => {
    await expect(docker.create({ image: 'Not An Image', name: 'x y' })).rejects.toBeInstanceOf(ValidationError);
    await expect(docker.inspect('../images/json')).rejects.toBeInstanceOf(ValidationError);
    await expect(docker.stop('anything', { timeoutSeconds: -1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('demultiplexes stdout and stderr, with tail and timestamps', async () => {
    const c = await busybox(['sh', '-c', 'echo out; echo err >&2; echo out2; printf tail-no-newline']);
    await docker.start(c.id);
    expect(await docker.wait(c.id)).toEqual({ exit_code: 0 });
    const lines = await collect(docker.logs(c.id));
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['out', 'out2', 'tail-no-newline']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['err']);

    const stamped = await collect(docker.logs(c.id, { timestamps: true, stderr: false }));
    expect(stamped.map((l) => l.line)).toEqual(['out', 'out2', 'tail-no-newline']);
    for (const l of stamped) expect(Number.isNaN(Date.parse(l.timestamp ?? ''))).toBe(false);

    const tail = await collect(docker.logs(c.id, { tail: 1, stderr: false }));
    expect(tail.map((l) => l.line)).toEqual(['tail-no-newline']);
  });

  it('reads TTY logs as one raw stream', async () => {
    const c = await busybox(['sh', '-c', 'echo a; echo b >&2'], { tty: true });
    expect(c.tty).toBe(true);
    await docker.start(c.id);
    await docker.wait(c.id);
    expect(await collect(docker.logs(c.id))).toEqual([
      { stream: 'stdout', line: 'a' },
      { stream: 'stdout', line: 'b' },
    ]);
  });

  it('follows logs until aborted or left, closing the stream', async () => {
    const c = await busybox(['sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done']);
    await docker.start(c.id);

    const controller = new AbortController();
    const seen: string[] = [];
    for await (const line of docker.logs(c.id, { follow: true, signal: controller.signal })) {
      seen.push(line.line);
      if (seen.length === 3) controller.abort();
    }
    expect(seen.slice(0, 3)).toEqual(['tick 0', 'tick 1', 'tick 2']);

    let taken = 0;
    let whileOpen = 0;
    for await (const _ of docker.logs(c.id, { follow: true })) {
      whileOpen = openPipes();
      if (++taken === 2) break;
    }
    expect(taken).toBe(2);
    // The follow connection was open inside the loop and is closed once the loop is left.
    await eventually(async () => (openPipes() < whileOpen ? true : undefined));
    await docker.remove(c.id, { force: true });
  });

  it('waits for the exit code, and can stop waiting', async () => {
    const c = await busybox(['sh', '-c', 'exit 7']);
    await docker.start(c.id);
    expect(await docker.wait(c.id)).toEqual({ exit_code: 7 });
    expect((await docker.inspect(c.id)).exit_code).toBe(7);

    const long = await busybox(['sleep', '300']);
    await docker.start(long.id);
    const controller = new AbortController();
    const waiting = docker.wait(long.id, { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    await docker.remove(long.id, { force: true });
  });

  it('sees managed containers only, and every container only with includeUnmanaged', async () => {
    const managed = await busybox(['true']);
    const foreign = await rawDocker.createContainer({ Image: 'busybox:latest', name: testName('foreign'), Cmd: ['true'], Labels: { [TEST_LABEL]: runId } });
    const byRun = { [TEST_LABEL]: runId };
    const defaults = await docker.list({ labels: byRun });
    expect(defaults.map((c) => c.id)).toContain(managed.id);
    expect(defaults.map((c) => c.id)).not.toContain(foreign.id);
    expect((await docker.list({ all: true, labels: byRun })).map((c) => c.id)).not.toContain(foreign.id);
    for (const ref of [foreign.id, testName('foreign')]) {
      await expect(docker.inspect(ref)).rejects.toThrow(`container "${ref}" not found`);
      await expect(docker.start(ref)).rejects.toBeInstanceOf(NotFoundError);
      await expect(docker.remove(ref, { force: true })).rejects.toBeInstanceOf(NotFoundError);
    }

    const everything = new DockerContainerManager({ socketPath: DOCKER_SOCKET, includeUnmanaged: true });
    const all = await everything.list({ all: true, labels: byRun });
    expect(all.map((c) => c.id)).toEqual(expect.arrayContaining([managed.id, foreign.id]));
    expect(all.find((c) => c.id === foreign.id)).toMatchObject({ image: 'busybox:latest', state: 'created', ports: [] });
    expect((await everything.inspect(foreign.id)).id).toBe(foreign.id);
    expect(await docker.list({ labels: byRun, states: ['running'] })).toEqual([]);
  });

  it('labels what it creates with its instanceId and sees only those', async () => {
    const mine = new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId }, instanceId: `a-${runId}` });
    const theirs = new DockerContainerManager({ socketPath: DOCKER_SOCKET, instanceId: `b-${runId}` });
    const created = await mine.create({ image: 'busybox:latest', name: testName('instance'), command: ['true'] });
    expect(created.labels).toMatchObject({ [Labels.managed]: 'true', [Labels.instance]: `a-${runId}` });
    expect((await mine.list({ labels: { [TEST_LABEL]: runId } })).map((c) => c.id)).toEqual([created.id]);
    expect((await theirs.list({ labels: { [TEST_LABEL]: runId } })).map((c) => c.id)).not.toContain(created.id);
    await expect(theirs.inspect(created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(theirs.remove(created.id, { force: true })).rejects.toBeInstanceOf(NotFoundError);
    expect((await docker.inspect(created.id)).id).toBe(created.id);
    await mine.remove(created.id, { force: true });
  });

  it('reports a missing image as NotFoundError, with and without a pull', async () => {
    const noPull = new DockerContainerManager({ socketPath: DOCKER_SOCKET, pullMissingImages: false, labels: { [TEST_LABEL]: runId } });
    await expect(noPull.create({ image: `${runId}-absent:1` })).rejects.toThrow(`image "${runId}-absent:1" not found locally, and the pull policy is "never"`);
    // A registry on a closed local port refuses at once, so the pull fails fast and offline.
    const ref = `localhost:1/${runId}-absent:1`;
    const attempt = docker.create({ image: ref });
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toThrow(`image "${ref}" not found locally and could not be pulled: `);
  });

  it('describes the engine', async () => {
    const info = await docker.info();
    expect(info).toMatchObject({ runtime: 'docker', socket_path: DOCKER_SOCKET, rootless: false, os: 'linux', warnings: [] });
    expect(info.api_version).toMatch(/^1\.\d+$/);
    expect(info.cpus).toBeGreaterThan(0);
    expect(docker.apiVersion).toMatch(/^1\.\d+$/);
  });

  it('fails with RuntimeUnavailableError naming the candidates when nothing answers', async () => {
    const path = `/tmp/${runId}-nothing.sock`;
    const nowhere = new DockerContainerManager({ socketPath: path, env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    expect(nowhere.discovery.found).toBe(false);
    const failure = nowhere.list();
    await expect(failure).rejects.toBeInstanceOf(RuntimeUnavailableError);
    await expect(failure).rejects.toThrow(`Tried ${path} (from socketPath option)`);
    await expect(failure).rejects.toThrow(/DOCKER_HOST: not consulted/);
    await expect(nowhere.ping()).rejects.toBeInstanceOf(RuntimeUnavailableError);
  });

  it('recovers by itself when the engine goes away and comes back', async () => {
    // A relay in front of the real engine stands in for an engine restart.
    const path = `/tmp/${runId}-relay.sock`;
    const sockets = new Set<net.Socket>();
    const relay = () =>
      net.createServer((client) => {
        const upstream = net.connect(DOCKER_SOCKET);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
    const listen = (server: net.Server) => new Promise<void>((resolve) => server.listen(path, resolve));
    const close = (server: net.Server) => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    };
    rmSync(path, { force: true });
    const viaRelay = new DockerContainerManager({ socketPath: path });
    let server = relay();
    await listen(server);
    await viaRelay.ping();
    await viaRelay.list();
    expect(viaRelay.apiVersion).toBeDefined();
    await close(server);
    await expect(viaRelay.list()).rejects.toBeInstanceOf(RuntimeUnavailableError);
    expect(viaRelay.apiVersion).toBeUndefined();
    server = relay();
    await listen(server);
    await expect(viaRelay.list()).resolves.toBeInstanceOf(Array);
    expect(viaRelay.apiVersion).toBeDefined();
    await close(server);
  });
});
