import { Readable } from 'node:stream';
import { ConflictError, ForbiddenError, NotFoundError, silentLogger, type ContainerManager } from '@mikrocloud/core';
import { DockerContainerManager, type ManagerPolicyOptions } from '@mikrocloud/runtime-docker';
import { afterAll, describe, expect, it } from 'vitest';
import { PodmanContainerManager } from './podman-container-manager.js';
import { DOCKER_TEST_SOCKET, ROOTFUL_TEST_SOCKET, ROOTLESS_TEST_SOCKET, cleanUp, contextTar, raw, runId, runLabels, testName } from './test-support.js';

const engines = [
  { name: 'Docker', socketPath: DOCKER_TEST_SOCKET },
  { name: 'rootful Podman', socketPath: ROOTFUL_TEST_SOCKET },
  { name: 'rootless Podman', socketPath: ROOTLESS_TEST_SOCKET },
] as const;

const MIB = 1024 * 1024;

function managerFor(socketPath: string, policy: ManagerPolicyOptions = {}): ContainerManager {
  const common = { socketPath, labels: runLabels, ...policy };
  if (socketPath === DOCKER_TEST_SOCKET) return new DockerContainerManager(common);
  return new PodmanContainerManager({ ...common, logger: silentLogger });
}

interface RawInspect {
  HostConfig: { Memory?: number; NanoCpus?: number; PidsLimit?: number | null; PortBindings?: Record<string, Array<{ HostIp: string; HostPort: string }>> };
}

interface LibpodInfo {
  host?: { cgroupControllers?: string[] };
}

/** The cgroup controllers the engine can use (Docker: all of them here). */
async function controllers(socketPath: string): Promise<string[]> {
  if (socketPath === DOCKER_TEST_SOCKET) return ['memory', 'cpu', 'pids'];
  const info = await raw<LibpodInfo>(socketPath, { method: 'GET', path: '/v4.0.0/libpod/info', unversioned: true });
  return info.host?.cgroupControllers ?? [];
}

async function imageId(socketPath: string, ref: string): Promise<string> {
  return (await raw<{ Id: string }>(socketPath, { method: 'GET', path: `/images/${ref}/json` })).Id;
}

afterAll(async () => {
  const results = await Promise.allSettled(engines.map((e) => cleanUp(e.socketPath)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new AggregateError(failed.map((f) => f.reason as unknown), 'cleanup failed');
});

describe.each(engines)('manager policy on $name', ({ socketPath }) => {
  it('puts the default limits and bind address on a created container', async () => {
    const manager = managerFor(socketPath, {
      containerDefaults: { memoryBytes: 256 * MIB, nanoCpus: 1e9, pidsLimit: 100, hostIp: '127.0.0.1' },
    });
    const port = 20000 + Math.floor(Math.random() * 20000);
    const created = await manager.create({
      image: 'busybox:latest',
      name: testName('limits'),
      command: ['sleep', '30'],
      ports: { [String(port)]: '80', [`0.0.0.0:${port + 1}`]: '81' },
    });
    expect(created.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ host_ip: '127.0.0.1', host_port: port, container_port: 80 }),
        expect.objectContaining({ host_ip: '0.0.0.0', host_port: port + 1, container_port: 81 }),
      ]),
    );
    const inspected = await raw<RawInspect>(socketPath, { method: 'GET', path: `/containers/${created.id}/json` });
    expect(inspected.HostConfig.PortBindings?.['80/tcp']?.[0]?.HostIp).toBe('127.0.0.1');
    const have = await controllers(socketPath);
    const warnings = (await manager.info()).warnings;
    if (['memory', 'cpu', 'pids'].every((c) => have.includes(c))) {
      expect(inspected.HostConfig).toMatchObject({ Memory: 256 * MIB, NanoCpus: 1e9, PidsLimit: 100 });
      expect(warnings.join('\n')).not.toMatch(/cgroup controller/);
    } else {
      // The engine takes the create and drops the limits it cannot apply: info() says so.
      expect(warnings.join('\n')).toMatch(/no cgroup controller for .* containers run without those limits/);
    }
    await manager.remove(created.id, { force: true });
  });

  it('applies the build limits to build steps, or builds without them and warns when the engine cannot', { timeout: 60_000 }, async () => {
    const manager = managerFor(socketPath, { buildDefaults: { memoryBytes: 256 * MIB, nanoCpus: 5e8 } });
    const lines: string[] = [];
    const dockerfile = 'FROM busybox:latest\nRUN cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us || true\n';
    const context = Readable.from([await contextTar([{ name: 'Dockerfile', content: dockerfile }])]);
    await manager.buildImage({ context, tags: [`mctest-${runId}-limited:1`], noCache: true }, { onLog: (l) => lines.push(l) });
    const have = await controllers(socketPath);
    if (have.includes('memory') && have.includes('cpu')) {
      expect(lines).toEqual(expect.arrayContaining([String(256 * MIB), '50000']));
    } else {
      expect((await manager.info()).warnings.join('\n')).toMatch(/builds run without those limits/);
    }
  });

  it('never pulls with pull policy never: a missing image is a NotFoundError', async () => {
    const manager = managerFor(socketPath, { pullPolicy: 'never' });
    const image = `mctest-${runId}-absent:1`;
    const create = manager.create({ image, name: testName('never') });
    await expect(create).rejects.toBeInstanceOf(NotFoundError);
    await expect(create).rejects.toThrow(`image "${image}" not found locally, and the pull policy is "never"`);
  });

  it('refuses a pull from a registry not allowed, naming the image, and creates from local images', async () => {
    const manager = managerFor(socketPath, { allowedRegistries: ['registry.example.test'] });
    const image = `mctest-${runId}-absent:1`;
    const create = manager.create({ image, name: testName('registry') });
    await expect(create).rejects.toBeInstanceOf(ForbiddenError);
    await expect(create).rejects.toThrow(`image "${image}" comes from registry "docker.io"`);
    const always = managerFor(socketPath, { allowedRegistries: ['registry.example.test'], pullPolicy: 'always' });
    await expect(always.create({ image: 'busybox:latest', name: testName('always') })).rejects.toBeInstanceOf(ForbiddenError);
    // Present locally: nothing to pull, nothing refused.
    const local = await manager.create({ image: 'busybox:latest', name: testName('local') });
    await manager.remove(local.id, { force: true });
  });

  it('refuses to build over a tag whose image no build made, and rebuilds its own tags', { timeout: 90_000 }, async () => {
    const foreign = `mctest-${runId}-foreign`;
    await raw(socketPath, { method: 'POST', path: '/images/busybox:latest/tag', query: { repo: foreign, tag: '1' } });
    const manager = managerFor(socketPath);
    const dockerfile = (marker: string) => contextTar([{ name: 'Dockerfile', content: `FROM busybox:latest\nRUN echo ${marker} > /m\n` }]);
    try {
      const before = await imageId(socketPath, `${foreign}:1`);
      const build = manager.buildImage({ context: Readable.from([await dockerfile('a')]), tags: [`${foreign}:1`], noCache: true });
      await expect(build).rejects.toBeInstanceOf(ConflictError);
      await expect(build).rejects.toThrow(`tag "${foreign}:1"`);
      expect(await imageId(socketPath, `${foreign}:1`)).toBe(before);
      expect(await imageId(socketPath, 'busybox:latest')).toBe(before);

      const own = `mctest-${runId}-own:1`;
      await manager.buildImage({ context: Readable.from([await dockerfile('b')]), tags: [own], noCache: true });
      const rebuilt = await manager.buildImage({ context: Readable.from([await dockerfile('c')]), tags: [own], noCache: true });
      expect(await imageId(socketPath, own)).toBe(rebuilt.image_id.startsWith('sha256:') ? rebuilt.image_id : `sha256:${rebuilt.image_id}`);

      const lenient = managerFor(socketPath, { allowForeignTags: true });
      const over = await lenient.buildImage({ context: Readable.from([await dockerfile('d')]), tags: [`${foreign}:1`], noCache: true });
      expect(await imageId(socketPath, `${foreign}:1`)).not.toBe(before);
      expect(over.image_id).toBeTruthy();
      expect(await imageId(socketPath, 'busybox:latest')).toBe(before);
    } finally {
      await raw(socketPath, { method: 'DELETE', path: `/images/${foreign}:1` }).catch(() => undefined);
    }
  });
});
