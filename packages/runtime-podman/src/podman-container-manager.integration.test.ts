import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { Labels, NotFoundError, silentLogger, tarArchive } from '@mikrocloud/core';
import { afterAll, describe, expect, it } from 'vitest';
import { PodmanContainerManager } from './podman-container-manager.js';
import {
  DOCKER_TEST_SOCKET,
  ROOTFUL_TEST_SOCKET,
  ROOTLESS_TEST_SOCKET,
  cleanUp,
  raw,
  runId,
  runLabels,
  testName,
} from './test-support.js';

/** `info().warnings` less the entry every Podman manager adds about builds. */
const configurationWarnings = (warnings: string[]) => warnings.filter((w) => !w.startsWith('builds use buildah'));

const run = promisify(execFile);

/** A one-file build context. */
function dockerfileContext(dockerfile: string): Readable {
  return Readable.from([tarArchive({ Dockerfile: dockerfile })]);
}

const engines = [
  { name: 'rootful', socketPath: ROOTFUL_TEST_SOCKET, rootless: false },
  { name: 'rootless', socketPath: ROOTLESS_TEST_SOCKET, rootless: true },
] as const;

afterAll(async () => {
  // Both, even when the first fails.
  const results = await Promise.allSettled(engines.map((e) => cleanUp(e.socketPath)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new AggregateError(failed.map((f) => f.reason as unknown), 'cleanup failed');
});

describe.each(engines)('PodmanContainerManager on the $name service', ({ socketPath, rootless }) => {
  const warnings: string[] = [];
  const podman = new PodmanContainerManager({
    socketPath,
    configuredRootless: rootless,
    logger: { ...silentLogger, warn: (m) => warnings.push(m) },
  });

  it(`reports rootless: ${rootless}, from the engine, and no warning when the configuration agrees`, async () => {
    const info = await podman.info();
    expect(info).toMatchObject({ runtime: 'podman', socket_path: socketPath, rootless });
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(info.storage_driver).toMatch(/\S/);
    expect(info.cpus).toBeGreaterThan(0);
    // The one warning about builds (buildah's version and the isolation in force) is always there.
    expect(configurationWarnings(info.warnings)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('warns once, in info and in the log, when the configuration says otherwise', async () => {
    const logged: string[] = [];
    const mismatched = new PodmanContainerManager({
      socketPath,
      configuredRootless: !rootless,
      logger: { ...silentLogger, warn: (m) => logged.push(m) },
    });
    const first = await mismatched.info();
    const second = await mismatched.info();
    expect(first.rootless).toBe(rootless);
    const expected = `configured as ${rootless ? 'rootful' : 'rootless'}, but the Podman service at ${socketPath} runs ${rootless ? 'rootless' : 'rootful'}`;
    expect(configurationWarnings(first.warnings)).toEqual([expected]);
    expect(configurationWarnings(second.warnings)).toEqual([expected]);
    expect(logged).toEqual([`[mikrocloud] ${expected}`]);
  });

  it('shows containers it did not create (only with includeUnmanaged) with short image names and Docker-shaped ports', async () => {
    const name = testName('unmanaged');
    const everything = new PodmanContainerManager({ socketPath, includeUnmanaged: true });
    await raw(socketPath, {
      method: 'POST',
      path: '/containers/create',
      query: { name },
      body: {
        Image: 'busybox:latest',
        Cmd: ['sleep', '3600'],
        Labels: runLabels,
        ExposedPorts: { '80/tcp': {}, '81/udp': {} },
        HostConfig: {
          PortBindings: {
            '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '45871' }],
            '81/udp': [{ HostIp: '', HostPort: '45872' }],
          },
        },
      },
    });
    const engineView = await raw<{ Config: { Image: string } }>(socketPath, { method: 'GET', path: `/containers/${name}/json` });
    // What the normalisation is for: Podman qualifies the name.
    expect(engineView.Config.Image).toBe('docker.io/library/busybox:latest');

    expect(await podman.list({ labels: runLabels })).toEqual([]);
    expect(await podman.list({ all: true, labels: runLabels })).toEqual([]);
    await expect(podman.inspect(name)).rejects.toThrow(`container "${name}" not found`);
    await expect(podman.remove(name, { force: true })).rejects.toBeInstanceOf(NotFoundError);
    const [listed] = await everything.list({ all: true, labels: runLabels });
    expect(listed).toMatchObject({ name, image: 'busybox:latest', state: 'created' });
    expect(listed?.labels[Labels.managed]).toBeUndefined();
    const ports = [
      { host_ip: '127.0.0.1', host_port: 45871, container_port: 80, protocol: 'tcp' },
      { host_ip: '0.0.0.0', host_port: 45872, container_port: 81, protocol: 'udp' },
    ];
    expect(listed?.ports).toEqual(expect.arrayContaining(ports));
    expect(listed?.ports).toHaveLength(2);
    const details = await everything.inspect(name);
    expect(details.image).toBe('busybox:latest');
    expect(details.ports).toEqual(expect.arrayContaining(ports));
    await everything.remove(name, { force: true });
  });

  it('keeps the image name a managed container was asked with', async () => {
    const asked = 'docker.io/library/busybox:latest';
    const c = await podman.create({ image: asked, name: testName('qualified'), labels: runLabels, command: ['true'] });
    expect(c.image).toBe(asked);
    expect((await podman.list({ labels: runLabels })).find((x) => x.id === c.id)?.image).toBe(asked);
    await podman.remove(c.id);
  });

  it('names images as users write them', async () => {
    const image = await podman.inspectImage('busybox:latest');
    expect(image.tags).toContain('busybox:latest');
    expect(image.tags.some((t) => t.startsWith('docker.io/') || t.startsWith('localhost/'))).toBe(false);
  });

  it('restarts an unless-stopped container after a clean exit, as always, and not after stop', async () => {
    const c = await podman.create({
      image: 'busybox:latest',
      name: testName('unless'),
      restart_policy: 'unless-stopped',
      command: ['sh', '-c', 'sleep 1; exit 0'],
      labels: runLabels,
    });
    await podman.start(c.id);
    const deadline = Date.now() + 60_000;
    let details = await podman.inspect(c.id);
    while (details.restart_count < 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      details = await podman.inspect(c.id);
    }
    expect(details.restart_count).toBeGreaterThanOrEqual(1);
    const stopped = await podman.stop(c.id, { timeoutSeconds: 1 });
    expect(stopped.state).toBe('exited');
    // Watch a while: a restart after stop would show up as running again.
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await podman.inspect(c.id)).state).toBe('exited');
    }
    await podman.remove(c.id);
  }, 120_000);

  it('passes buildah output through as log lines and takes the image id from the stream', async () => {
    const tag = `mctest-${runId}-buildah:1`;
    const lines: string[] = [];
    const result = await podman.buildImage(
      {
        context: dockerfileContext('FROM busybox:latest\nRUN echo built > /built\nCMD ["cat", "/built"]\n'),
        tags: [tag],
        labels: runLabels,
      },
      { onLog: (l) => lines.push(l) },
    );
    expect(lines.some((l) => /^STEP 1\/\d+: FROM busybox:latest$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('COMMIT '))).toBe(true);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    const image = await podman.inspectImage(tag);
    expect(result.image_id).toBe(image.id);
    expect(image.tags).toEqual([tag]);
    await podman.removeImage(tag);
  });
});

describe('PodmanContainerManager, rootful only', () => {
  const podman = new PodmanContainerManager({ socketPath: ROOTFUL_TEST_SOCKET });

  it('maps images the podman CLI tagged under localhost/ back to the short name', async () => {
    const tag = `mctest-${runId}-local:1`;
    const built = await podman.buildImage({ context: dockerfileContext('FROM busybox:latest\n'), tags: [`mctest-${runId}-base:1`], labels: runLabels });
    await run('podman', ['tag', built.image_id, `localhost/${tag}`]);
    const image = await podman.inspectImage(tag);
    expect(image.tags).toContain(tag);
    expect(image.tags.every((t) => !t.startsWith('localhost/') && !t.startsWith('docker.io/'))).toBe(true);
  });

  it('stores unless-stopped as asked, though podman-restart.service starts only always containers after a reboot', async () => {
    const always = await podman.create({ image: 'busybox:latest', name: testName('always'), restart_policy: 'always', labels: runLabels });
    const unlessStopped = await podman.create({
      image: 'busybox:latest',
      name: testName('unless'),
      restart_policy: 'unless-stopped',
      labels: runLabels,
    });
    expect(unlessStopped.restart_policy).toBe('unless-stopped');
    // The filter podman-restart.service runs `podman start --all` with (podman 4.3).
    const { stdout } = await run('podman', [
      'ps', '--all', '--quiet', '--no-trunc', '--filter', 'restart-policy=always', '--filter', `label=${Labels.test}=${runId}`,
    ]);
    const started = stdout.split('\n').filter(Boolean);
    expect(started).toContain(always.id);
    expect(started).not.toContain(unlessStopped.id);
  });
});
