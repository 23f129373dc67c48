import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { silentLogger, UnprocessableError, type ContainerManager } from '@mikrocloud/core';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanContainerManager } from './podman-container-manager.js';
import { DOCKER_TEST_SOCKET, ROOTFUL_TEST_SOCKET, ROOTLESS_TEST_SOCKET, cleanUp, contextTar, raw, runId, runLabels, type ContextEntry } from './test-support.js';

type Network = 'bridge' | 'none';

const engines = [
  { name: 'Docker', socketPath: DOCKER_TEST_SOCKET, gatewayOf: 'bridge' },
  { name: 'rootful Podman', socketPath: ROOTFUL_TEST_SOCKET, gatewayOf: 'podman' },
  { name: 'rootless Podman', socketPath: ROOTLESS_TEST_SOCKET, gatewayOf: 'podman' },
] as const;

function managerFor(socketPath: string, network: Network, extra: { allowUnconfinedMounts?: boolean } = {}): ContainerManager {
  const common = { socketPath, labels: runLabels, buildDefaults: { network } };
  if (socketPath === DOCKER_TEST_SOCKET) return new DockerContainerManager(common);
  return new PodmanContainerManager({ ...common, ...extra, logger: silentLogger });
}

async function build(manager: ContainerManager, entries: ContextEntry[], what: string) {
  const lines: string[] = [];
  const tag = `mctest-${runId}-${what}:1`;
  const context = Readable.from([await contextTar(entries)]);
  const result = await manager.buildImage({ context, tags: [tag], noCache: true }, { onLog: (line) => lines.push(line) }).then(
    (r) => ({ ok: true as const, id: r.image_id }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  return { result, lines };
}

/** An HTTP server on the host's loopback counting the requests it gets. */
let server: Server;
let port: number;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('hello from the host\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  const results = await Promise.allSettled(engines.map((e) => cleanUp(e.socketPath)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new AggregateError(failed.map((f) => f.reason as unknown), 'cleanup failed');
});

describe.each(engines)('build steps on $name never share the host network', ({ socketPath, gatewayOf }) => {
  it.each(['bridge', 'none'] as const)('with network %s, a step cannot reach the host loopback', async (network) => {
    const marker = randomBytes(6).toString('hex');
    // The marker is printed only on success; the step's own text never spells it whole.
    const probe = `printf 'GET /${marker} HTTP/1.0\\r\\n\\r\\n' | nc -w 3 127.0.0.1 ${port} | grep -q HTTP && echo "REACH""ED-${marker}" || echo closed`;
    const net = await raw<{ IPAM?: { Config?: Array<{ Gateway?: string }> } }>(socketPath, { method: 'GET', path: `/networks/${gatewayOf}` });
    const gateway = net.IPAM?.Config?.find((c) => c.Gateway)?.Gateway ?? '10.88.0.1';
    const dockerfile = [
      'FROM busybox:latest',
      `RUN ${probe}`,
      `RUN echo "IFACES $(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' ')"; nc -w 2 ${gateway} ${port} </dev/null 2>&1; echo "gateway-probe-done"`,
      '',
    ].join('\n');
    const { result, lines } = await build(managerFor(socketPath, network), [{ name: 'Dockerfile', content: dockerfile }], `net-${network}`);
    const log = lines.join('\n');
    expect(result.ok, log).toBe(true);
    expect(log).toContain('gateway-probe-done');
    expect(log).not.toContain(`REACHED-${marker}`);
    expect(requests.filter((url) => url.includes(marker))).toEqual([]);
    if (network === 'none') {
      expect(lines.find((l) => l.startsWith('IFACES'))?.trim()).toBe('IFACES lo');
      expect(log).toMatch(/unreachable/i);
    } else {
      expect(lines.find((l) => l.startsWith('IFACES'))).toMatch(/\b(eth0|tap0)\b/);
    }
  }, 120_000);
});

describe.each(engines.slice(1))('RUN --mount escapes on $name', ({ socketPath }) => {
  const podman = () => managerFor(socketPath, 'bridge');

  it('refuses a cache id that climbs to a host directory, and writes nothing there', async () => {
    const unique = `mctest-${runId}-${randomBytes(4).toString('hex')}`;
    const dockerfile = `FROM busybox:latest\nRUN --mount=type=cache,id=../../../../../../../tmp/${unique},target=/c sh -c "echo x > /c/p"\n`;
    const { result, lines } = await build(podman(), [{ name: 'Dockerfile', content: dockerfile }], 'cache-tmp');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.err).toBeInstanceOf(UnprocessableError);
    expect(!result.ok && (result.err as Error).message).toMatch(/line 2: RUN --mount=type=cache,id=\.\.\/.*climbs out/);
    expect(lines).toEqual([]);
    expect(existsSync(`/tmp/${unique}`)).toBe(false);
  });

  it('refuses a cache id that climbs to /etc, and lists nothing', async () => {
    const dockerfile = 'FROM busybox:latest\nRUN --mount=type=cache,id=../../../../../../../etc,target=/c ls /c\n';
    const { result, lines } = await build(podman(), [{ name: 'Dockerfile', content: dockerfile }], 'cache-etc');
    expect(!result.ok && result.err).toBeInstanceOf(UnprocessableError);
    expect(lines).toEqual([]);
  });

  it('refuses a bind mount of a symbolic link in the context', async () => {
    const dockerfile = 'FROM busybox:latest\nRUN --mount=type=bind,source=link,target=/m ls /m\n';
    const { result, lines } = await build(podman(), [{ name: 'link', link: '/etc' }, { name: 'Dockerfile', content: dockerfile }], 'bind-link');
    expect(!result.ok && result.err).toBeInstanceOf(UnprocessableError);
    expect(!result.ok && (result.err as Error).message).toContain('symbolic link "link"');
    expect(lines).toEqual([]);
  });

  it('builds a safe cache mount and a plain Dockerfile', async () => {
    // Only read: rootless buildah 1.28 mounts a new cache directory read-only to the step's root user.
    const cached = await build(podman(), [{ name: 'Dockerfile', content: 'FROM busybox:latest\nRUN --mount=type=cache,id=npm,target=/root/.npm ls -d /root/.npm\n' }], 'cache-safe');
    expect(cached.result.ok, cached.lines.join('\n')).toBe(true);
    const plain = await build(podman(), [{ name: 'Dockerfile', content: 'FROM busybox:latest\nRUN echo plain\n' }], 'plain');
    expect(plain.result.ok, plain.lines.join('\n')).toBe(true);
  }, 120_000);

  it('sends a mount it would refuse when the operator allows unconfined mounts', async () => {
    // A nested cache id: refused by default, harmless to let through (it stays in buildah's cache directory).
    const entries = [{ name: 'Dockerfile', content: `FROM busybox:latest\nRUN --mount=type=cache,id=mctest-${runId}/nested,target=/c true\n` }];
    const refused = await build(podman(), entries, 'nested');
    expect(!refused.result.ok && refused.result.err).toBeInstanceOf(UnprocessableError);
    const allowed = await build(managerFor(socketPath, 'bridge', { allowUnconfinedMounts: true }), entries, 'nested');
    expect(allowed.result.ok, allowed.lines.join('\n')).toBe(true);
  }, 120_000);

  it('reports the buildah version in info()', async () => {
    const info = await podman().info();
    expect(info.warnings.find((w) => w.startsWith('builds use buildah '))).toMatch(/buildah \d+\.\d+\.\d+.*refused/);
  });
});
