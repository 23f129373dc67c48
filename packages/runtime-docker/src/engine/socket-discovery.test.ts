import { describe, expect, it } from 'vitest';
import { describeSkipped, discoverSocket, dockerSocketCandidates, socketFromEnv, type SocketProbe, type SocketProbeResult } from './socket-discovery.js';

const fakeFs =
  (entries: Record<string, SocketProbeResult>): SocketProbe =>
  (path) =>
    entries[path] ?? 'missing';

describe('socketFromEnv', () => {
  it('accepts unix:// and bare absolute paths', () => {
    expect(socketFromEnv({ DOCKER_HOST: 'unix:///run/x.sock' }, 'DOCKER_HOST')).toEqual({ source: 'DOCKER_HOST', path: '/run/x.sock' });
    expect(socketFromEnv({ DOCKER_HOST: '/run/x.sock' }, 'DOCKER_HOST')).toEqual({ source: 'DOCKER_HOST', path: '/run/x.sock' });
  });

  it('says why an unusable value is skipped', () => {
    expect(socketFromEnv({}, 'DOCKER_HOST').unusable).toBe('not set');
    expect(socketFromEnv({ DOCKER_HOST: '  ' }, 'DOCKER_HOST').unusable).toBe('not set');
    expect(socketFromEnv({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }, 'DOCKER_HOST').unusable).toMatch(/"tcp:\/\/" endpoints are not supported/);
    expect(socketFromEnv({ DOCKER_HOST: 'ssh://me@host' }, 'DOCKER_HOST').unusable).toMatch(/ssh/);
    expect(socketFromEnv({ DOCKER_HOST: 'unix://relative.sock' }, 'DOCKER_HOST').unusable).toMatch(/absolute/);
    const withPassword = socketFromEnv({ CONTAINER_HOST: 'u:hunter2@host' }, 'CONTAINER_HOST');
    expect(withPassword.unusable).toBe('"***@host" is neither an absolute socket path nor a unix:// URL');
  });
});

describe('discoverSocket (docker chain)', () => {
  it('uses the configured socketPath even when nothing listens there yet, and consults nothing else', () => {
    const d = discoverSocket(dockerSocketCandidates('/srv/docker.sock', { DOCKER_HOST: 'unix:///run/other.sock' }), fakeFs({ '/run/other.sock': 'socket', '/var/run/docker.sock': 'socket' }));
    expect(d.socketPath).toBe('/srv/docker.sock');
    expect(d.source).toBe('socketPath option');
    expect(d.found).toBe(false);
    expect(d.skipped[0]).toEqual({ source: 'socketPath option', path: '/srv/docker.sock', reason: 'missing' });
    expect(d.skipped.slice(1).every((s) => s.reason.startsWith('not consulted'))).toBe(true);
  });

  it('falls from DOCKER_HOST to the default socket, recording why', () => {
    const d = discoverSocket(dockerSocketCandidates(undefined, { DOCKER_HOST: 'unix:///run/gone.sock' }), fakeFs({ '/var/run/docker.sock': 'socket' }));
    expect(d).toMatchObject({ socketPath: '/var/run/docker.sock', source: 'default', found: true });
    expect(d.skipped.slice(0, 2)).toEqual([
      { source: 'socketPath option', reason: 'not set' },
      { source: 'DOCKER_HOST', path: '/run/gone.sock', reason: 'missing' },
    ]);
  });

  it('prefers DOCKER_HOST when it is a socket', () => {
    const d = discoverSocket(dockerSocketCandidates(undefined, { DOCKER_HOST: 'unix:///run/d.sock' }), fakeFs({ '/run/d.sock': 'socket', '/var/run/docker.sock': 'socket' }));
    expect(d).toMatchObject({ socketPath: '/run/d.sock', source: 'DOCKER_HOST', found: true });
  });

  it('reports a path that is not a socket and one it may not read', () => {
    const d = discoverSocket(
      dockerSocketCandidates(undefined, { DOCKER_HOST: 'unix:///etc/passwd', XDG_RUNTIME_DIR: '/run/user/1000' }),
      fakeFs({ '/etc/passwd': 'not-a-socket', '/var/run/docker.sock': 'no-access', '/run/user/1000/docker.sock': 'socket' }),
    );
    expect(d).toMatchObject({ socketPath: '/run/user/1000/docker.sock', source: 'XDG_RUNTIME_DIR', found: true });
    expect(describeSkipped(d.skipped)).toBe(
      'socketPath option: not set; DOCKER_HOST (/etc/passwd): not a socket; default (/var/run/docker.sock): permission denied',
    );
  });

  it('when nothing exists, keeps the first candidate with a path so the engine can appear later', () => {
    const d = discoverSocket(dockerSocketCandidates(undefined, { DOCKER_HOST: 'tcp://1.2.3.4:2375' }), fakeFs({}));
    expect(d).toMatchObject({ socketPath: '/var/run/docker.sock', source: 'default', found: false });
    expect(describeSkipped(d.skipped)).toContain('DOCKER_HOST: plain tcp:// to 1.2.3.4 refused');
    expect(describeSkipped(d.skipped)).toContain('default (/var/run/docker.sock): missing');
    expect(describeSkipped(d.skipped)).toContain('XDG_RUNTIME_DIR: not set');
  });
});

describe('remote engines in the docker chain', () => {
  const tls = { caFile: '/c/ca.pem', certFile: '/c/cert.pem', keyFile: '/c/key.pem' };
  const everySocket = fakeFs({ '/var/run/docker.sock': 'socket' });

  it('uses the host option as it is, without probing, before everything else', () => {
    const d = discoverSocket(dockerSocketCandidates(undefined, {}, undefined, { host: 'ssh://deploy@10.0.0.2:2222', ssh: { keyFile: '/k' } }), everySocket);
    expect(d).toMatchObject({ socketPath: 'ssh://deploy@10.0.0.2:2222', source: 'host option', found: true, endpoint: { kind: 'ssh', user: 'deploy', port: 2222 } });
    expect(d.skipped.every((s) => s.reason.startsWith('not consulted'))).toBe(true);
  });

  it('honours DOCKER_HOST=tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
    const d = discoverSocket(dockerSocketCandidates(undefined, { DOCKER_HOST: 'tcp://10.0.0.2:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' }), everySocket);
    expect(d).toMatchObject({ socketPath: 'tcp://10.0.0.2:2376', source: 'DOCKER_HOST', endpoint: { kind: 'tcp', tls } });
  });

  it('skips a plain tcp:// DOCKER_HOST with the reason instead of driving the local engine silently', () => {
    const d = discoverSocket(dockerSocketCandidates(undefined, { DOCKER_HOST: 'tcp://10.0.0.2:2375' }), everySocket);
    expect(d.socketPath).toBe('/var/run/docker.sock');
    expect(d.skipped).toContainEqual({ source: 'DOCKER_HOST', reason: expect.stringContaining('plain tcp:// to 10.0.0.2 refused') });
    const allowed = discoverSocket(dockerSocketCandidates(undefined, { DOCKER_HOST: 'tcp://10.0.0.2:2375' }, undefined, { allowPlainTcp: true }), everySocket);
    expect(allowed).toMatchObject({ socketPath: 'tcp://10.0.0.2:2375', endpoint: { tls: undefined } });
  });
});
