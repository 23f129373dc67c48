import type { SocketProbe } from '@mikrocloud/runtime-docker';
import { describe, expect, it } from 'vitest';
import { autoSocketCandidates, detectRuntime, type DetectedEngine, type EngineIdentifier } from './detect.js';

const sockets =
  (...paths: string[]): SocketProbe =>
  (path) =>
    paths.includes(path) ? 'socket' : 'missing';

/** Engines by socket; a socket absent here refuses connections. */
function engines(map: Record<string, DetectedEngine>): EngineIdentifier & { asked: string[] } {
  const asked: string[] = [];
  const identify = async (path: string) => {
    asked.push(path);
    const engine = map[path];
    if (!engine) throw Object.assign(new Error(`connect ECONNREFUSED ${path}`), { code: 'ECONNREFUSED' });
    return engine;
  };
  return Object.assign(identify, { asked });
}

const env = { XDG_RUNTIME_DIR: '/run/user/1000' };

describe('autoSocketCandidates', () => {
  it('lists the configured socket, the environment, then Docker before Podman', () => {
    expect(
      autoSocketCandidates(undefined, { ...env, DOCKER_HOST: 'unix:///d.sock', CONTAINER_HOST: 'unix:///p.sock' }).map(
        (c) => c.path ?? c.unusable,
      ),
    ).toEqual([
      'not set',
      '/d.sock',
      '/p.sock',
      '/var/run/docker.sock',
      '/run/user/1000/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
  });
});

describe('detectRuntime', () => {
  it('returns the first engine that answers, with a reason for each candidate before it', async () => {
    const identify = engines({ '/run/podman/podman.sock': 'podman' });
    const found = await detectRuntime({
      env: { ...env, DOCKER_HOST: 'tcp://10.0.0.1:2375' },
      probe: sockets('/var/run/docker.sock', '/run/podman/podman.sock'),
      identify,
    });
    expect(found).toMatchObject({ runtime: 'podman', socketPath: '/run/podman/podman.sock', source: 'podman rootful default' });
    expect(found.skipped).toEqual([
      { source: 'socketPath option', reason: 'not set' },
      { source: 'DOCKER_HOST', reason: '"tcp://" endpoints are not supported (only unix:// sockets)' },
      { source: 'CONTAINER_HOST', reason: 'not set' },
      { source: 'docker default', path: '/var/run/docker.sock', reason: 'did not answer a ping (ECONNREFUSED)' },
      { source: 'docker rootless (XDG_RUNTIME_DIR)', path: '/run/user/1000/docker.sock', reason: 'missing' },
      { source: 'podman rootless (XDG_RUNTIME_DIR)', path: '/run/user/1000/podman/podman.sock', reason: 'missing' },
    ]);
    // Paths that are not sockets are never connected to.
    expect(identify.asked).toEqual(['/var/run/docker.sock', '/run/podman/podman.sock']);
  });

  it('prefers DOCKER_HOST and CONTAINER_HOST to the well-known places', async () => {
    const found = await detectRuntime({
      env: { ...env, CONTAINER_HOST: 'unix:///run/user/1000/podman/podman.sock' },
      probe: sockets('/var/run/docker.sock', '/run/user/1000/podman/podman.sock'),
      identify: engines({ '/var/run/docker.sock': 'docker', '/run/user/1000/podman/podman.sock': 'podman' }),
    });
    expect(found).toMatchObject({ runtime: 'podman', source: 'CONTAINER_HOST' });
  });

  it('tries each socket once', async () => {
    const identify = engines({});
    await expect(
      detectRuntime({ env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, probe: sockets('/var/run/docker.sock'), identify }),
    ).rejects.toMatchObject({ code: 'runtime_unavailable' });
    expect(identify.asked).toEqual(['/var/run/docker.sock']);
  });

  it('uses a configured socket alone, whatever else answers', async () => {
    const error = await detectRuntime({
      socketPath: '/srv/engine.sock',
      env,
      probe: sockets('/var/run/docker.sock'),
      identify: engines({ '/var/run/docker.sock': 'docker' }),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'runtime_unavailable' });
    const message = (error as Error).message;
    expect(message).toContain('socketPath option (/srv/engine.sock): missing');
    expect(message).toContain('docker default (/var/run/docker.sock): not consulted (socketPath option comes first)');

    const found = await detectRuntime({
      socketPath: '/srv/engine.sock',
      env,
      probe: sockets('/srv/engine.sock', '/var/run/docker.sock'),
      identify: engines({ '/srv/engine.sock': 'podman', '/var/run/docker.sock': 'docker' }),
    });
    expect(found).toMatchObject({ runtime: 'podman', socketPath: '/srv/engine.sock', source: 'socketPath option' });
  });

  it('names every candidate when no engine answers', async () => {
    const error = await detectRuntime({ env: {}, probe: sockets(), identify: engines({}) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'runtime_unavailable' });
    expect((error as Error).message).toBe(
      'no container engine answered. Tried: socketPath option: not set; DOCKER_HOST: not set; CONTAINER_HOST: not set; ' +
        'docker default (/var/run/docker.sock): missing; docker rootless (XDG_RUNTIME_DIR): XDG_RUNTIME_DIR not set; ' +
        'podman rootless (XDG_RUNTIME_DIR): XDG_RUNTIME_DIR not set; podman rootful default (/run/podman/podman.sock): missing',
    );
  });

  it('gives up on a socket that does not answer within the ping timeout', async () => {
    const hang: EngineIdentifier = (_path, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const error = await detectRuntime({ env: {}, probe: sockets('/var/run/docker.sock'), identify: hang, pingTimeoutMs: 50 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('docker default (/var/run/docker.sock): no answer within 50 ms');
  });

  it('rejects as cancelled when its signal is aborted', async () => {
    await expect(detectRuntime({ env: {}, signal: AbortSignal.abort(), probe: sockets(), identify: engines({}) })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
