import { discoverSocket, describeSkipped, type SocketProbe } from '@mikrocloud/runtime-docker';
import { describe, expect, it } from 'vitest';
import { podmanSocketCandidates } from './socket-discovery.js';

const probeOf =
  (sockets: string[], other: Record<string, 'not-a-socket' | 'no-access'> = {}): SocketProbe =>
  (path) =>
    sockets.includes(path) ? 'socket' : (other[path] ?? 'missing');

const rootless = '/run/user/1000/podman/podman.sock';
const rootful = '/run/podman/podman.sock';

describe('podmanSocketCandidates', () => {
  it('uses the configured socket alone, even when nothing listens there yet', () => {
    const found = discoverSocket(
      podmanSocketCandidates('/srv/podman.sock', { CONTAINER_HOST: `unix://${rootless}`, XDG_RUNTIME_DIR: '/run/user/1000' }),
      probeOf([rootless, rootful]),
    );
    expect(found).toMatchObject({ socketPath: '/srv/podman.sock', source: 'socketPath option', found: false });
    expect(found.skipped.map((s) => s.reason)).toEqual([
      'missing',
      'not consulted (socketPath option comes first)',
      'not consulted (socketPath option comes first)',
      'not consulted (socketPath option comes first)',
    ]);
  });

  it('takes CONTAINER_HOST before the user and system services', () => {
    const found = discoverSocket(
      podmanSocketCandidates(undefined, { CONTAINER_HOST: 'unix:///tmp/p.sock', XDG_RUNTIME_DIR: '/run/user/1000' }),
      probeOf(['/tmp/p.sock', rootless, rootful]),
    );
    expect(found).toMatchObject({ socketPath: '/tmp/p.sock', source: 'CONTAINER_HOST', found: true });
    expect(found.skipped[0]).toEqual({ source: 'socketPath option', reason: 'not set' });
  });

  it('refuses CONTAINER_HOST endpoints that are not unix sockets, saying why', () => {
    const found = discoverSocket(
      podmanSocketCandidates(undefined, { CONTAINER_HOST: 'ssh://core@host/run/podman/podman.sock', XDG_RUNTIME_DIR: '/run/user/1000' }),
      probeOf([rootless]),
    );
    expect(found).toMatchObject({ socketPath: rootless, source: 'XDG_RUNTIME_DIR (rootless)', found: true });
    expect(found.skipped.find((s) => s.source === 'CONTAINER_HOST')?.reason).toMatch(/ssh:\/\/.*not supported/);
  });

  it('prefers the rootless user service to the rootful one', () => {
    const found = discoverSocket(podmanSocketCandidates(undefined, { XDG_RUNTIME_DIR: '/run/user/1000/' }), probeOf([rootless, rootful]));
    expect(found).toMatchObject({ socketPath: rootless, found: true });
  });

  it('falls back to the rootful service, with a reason for each candidate passed over', () => {
    const found = discoverSocket(
      podmanSocketCandidates(undefined, { XDG_RUNTIME_DIR: '/run/user/1000' }),
      probeOf([rootful], { [rootless]: 'no-access' }),
    );
    expect(found).toMatchObject({ socketPath: rootful, source: 'default (rootful)', found: true });
    expect(describeSkipped(found.skipped)).toBe(
      `socketPath option: not set; CONTAINER_HOST: not set; XDG_RUNTIME_DIR (rootless) (${rootless}): permission denied`,
    );
  });

  it('names every candidate when none is a socket', () => {
    const found = discoverSocket(podmanSocketCandidates(undefined, {}), probeOf([]));
    expect(found.found).toBe(false);
    expect(describeSkipped(found.skipped)).toBe(
      `socketPath option: not set; CONTAINER_HOST: not set; XDG_RUNTIME_DIR (rootless): XDG_RUNTIME_DIR not set; default (rootful) (${rootful}): missing`,
    );
  });
});
