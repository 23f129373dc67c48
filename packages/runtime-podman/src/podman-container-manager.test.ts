import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { RuntimeError, tarArchive, UnprocessableError } from '@mikrocloud/core';
import { EngineHttpError } from '@mikrocloud/runtime-docker/internal';
import { isPodmanExitRace, podmanBuildIdMatcher, podmanInjectedEnv, PodmanContainerManager, withoutInjectedEnv } from './podman-container-manager.js';

describe('PodmanContainerManager without an engine', () => {
  it('chooses its socket at construction, without connecting', () => {
    const podman = new PodmanContainerManager({ env: { XDG_RUNTIME_DIR: '/nonexistent/run' }, probe: () => 'missing' });
    expect(podman.runtime).toBe('podman');
    expect(podman.socketPath).toBe('/nonexistent/run/podman/podman.sock');
    expect(podman.discovery.found).toBe(false);
  });

  it('refuses a Dockerfile with an escaping mount before it reaches the engine', async () => {
    const podman = new PodmanContainerManager({ socketPath: '/nonexistent/podman.sock' });
    const context = Readable.from([tarArchive({ Dockerfile: 'FROM busybox\nRUN --mount=type=cache,id=../../etc,target=/c ls /c\n' })]);
    const error = await podman.buildImage({ context, tags: ['app:1'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as Error).message).toContain('line 2');
    // With the opt-in, it goes on to the engine (absent here).
    const allowed = new PodmanContainerManager({ socketPath: '/nonexistent/podman.sock', allowUnconfinedMounts: true });
    const again = Readable.from([tarArchive({ Dockerfile: 'FROM busybox\nRUN --mount=type=cache,id=../../etc,target=/c ls /c\n' })]);
    expect(await allowed.buildImage({ context: again, tags: ['app:1'] }).catch((e: unknown) => e)).toMatchObject({ code: 'runtime_unavailable' });
  });

  it('names every candidate it looked at when the engine cannot be reached', async () => {
    const podman = new PodmanContainerManager({
      env: { XDG_RUNTIME_DIR: '/nonexistent/run', CONTAINER_HOST: 'tcp://10.0.0.1:8080' },
      probe: () => 'missing',
    });
    const error = await podman.ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'runtime_unavailable' });
    const message = (error as Error).message;
    expect(message).toContain('/nonexistent/run/podman/podman.sock');
    expect(message).toContain('CONTAINER_HOST: "tcp://" endpoints are not supported (only unix:// sockets)');
    expect(message).toContain('default (rootful) (/run/podman/podman.sock): missing');
  });

  it('reports an explicitly configured socket as it is, with nothing tried in its place', async () => {
    const podman = new PodmanContainerManager({ socketPath: '/nonexistent/podman.sock', env: {} });
    expect(podman.socketPath).toBe('/nonexistent/podman.sock');
    await expect(podman.info()).rejects.toMatchObject({ code: 'runtime_unavailable' });
  });
});

describe('podmanBuildIdMatcher', () => {
  it("reads buildah's full id line, not the short id of the summary", () => {
    const id = '6791c4a280fb555e58c19cd5a28f10801bc71b005cba3f1d3cc2a8fde3de0c3a';
    expect(podmanBuildIdMatcher(id)).toBe(id);
    expect(podmanBuildIdMatcher('Successfully built 6791c4a280fb')).toBeUndefined();
    expect(podmanBuildIdMatcher('--> 6791c4a280f')).toBeUndefined();
    expect(podmanBuildIdMatcher('COMMIT docker.io/library/app:1')).toBeUndefined();
  });
});

describe('the environment Podman adds by itself', () => {
  const raw = { Id: 'abc', Config: { Hostname: 'abc123def456', User: '' } };
  const seen = {
    PATH: '/usr/bin:/bin',
    TERM: 'xterm',
    container: 'podman',
    ENV: 'production',
    HOME: '/root',
    HOSTNAME: 'abc123def456',
  };

  it('is left out, so that a container shows the variables it shows on Docker', () => {
    expect(withoutInjectedEnv(seen, podmanInjectedEnv(raw), { PATH: '/usr/bin:/bin' })).toEqual({ PATH: '/usr/bin:/bin', ENV: 'production' });
  });

  it('is kept when the image sets it, or when it has another value (set by the caller)', () => {
    expect(withoutInjectedEnv(seen, podmanInjectedEnv(raw), { TERM: 'xterm', HOME: '/root' })).toEqual({
      PATH: '/usr/bin:/bin',
      TERM: 'xterm',
      ENV: 'production',
      HOME: '/root',
    });
    expect(withoutInjectedEnv({ HOME: '/data', TERM: 'dumb', HOSTNAME: 'web' }, podmanInjectedEnv(raw), {})).toEqual({ HOME: '/data', TERM: 'dumb', HOSTNAME: 'web' });
  });

  it("does not guess the home of a user other than root", () => {
    expect(podmanInjectedEnv({ Id: 'abc', Config: { User: 'node' } })).not.toHaveProperty('HOME');
    expect(podmanInjectedEnv({ Id: 'abc', Config: { User: '0:0' } })).toHaveProperty('HOME', '/root');
  });
});

describe('isPodmanExitRace', () => {
  const mapped = (status: number, message: string) => new RuntimeError(`cannot inspect container "x": ${message}`, { cause: new EngineHttpError(status, message) });

  it('recognises the 500 Podman gives while reading the /proc entry of an exiting container', () => {
    expect(isPodmanExitRace(mapped(500, 'read /proc/20153/cgroup: no such process'))).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isPodmanExitRace(mapped(500, 'container state improper'))).toBe(false);
    expect(isPodmanExitRace(mapped(404, 'read /proc/1/cgroup: no such process'))).toBe(false);
    expect(isPodmanExitRace(new RuntimeError('read /proc/1/cgroup: no such process'))).toBe(false);
  });
});
