import { describe, expect, it } from 'vitest';
import { endpointAddress, parseEngineHost, tlsFromEnv } from './endpoint.js';

const tls = { caFile: '/c/ca.pem', certFile: '/c/cert.pem', keyFile: '/c/key.pem' };

describe('parseEngineHost', () => {
  it('reads unix sockets, tcp:// with TLS and ssh:// URLs', () => {
    expect(parseEngineHost('unix:///var/run/docker.sock')).toEqual({ endpoint: { kind: 'unix', socketPath: '/var/run/docker.sock' } });
    expect(parseEngineHost('/run/docker.sock')).toEqual({ endpoint: { kind: 'unix', socketPath: '/run/docker.sock' } });
    expect(parseEngineHost('tcp://10.0.0.2:2376', { tls })).toEqual({ endpoint: { kind: 'tcp', host: '10.0.0.2', port: 2376, tls } });
    expect(parseEngineHost('tcp://engine.example', { tls })).toMatchObject({ endpoint: { port: 2376 } });
    expect(parseEngineHost('ssh://deploy@10.0.0.2:2222', { ssh: { keyFile: '/k' } })).toEqual({
      endpoint: { kind: 'ssh', user: 'deploy', host: '10.0.0.2', port: 2222, ssh: { keyFile: '/k' } },
    });
    expect(parseEngineHost('ssh://[fd00::2]')).toMatchObject({ endpoint: { host: 'fd00::2', port: 22, user: undefined } });
  });

  it('refuses plain tcp:// unless allowed, and says why', () => {
    const refused = parseEngineHost('tcp://10.0.0.2:2375');
    expect(refused).toEqual({ unusable: expect.stringContaining('plain tcp:// to 10.0.0.2 refused') });
    expect(parseEngineHost('tcp://10.0.0.2', { allowPlainTcp: true })).toEqual({ endpoint: { kind: 'tcp', host: '10.0.0.2', port: 2375, tls: undefined } });
  });

  it('refuses other schemes, passwords, paths and odd users without echoing a password', () => {
    expect(parseEngineHost('npipe:////./pipe/docker_engine')).toEqual({ unusable: expect.stringContaining('"npipe://" endpoints are not supported') });
    const withPassword = parseEngineHost('ssh://deploy:hunter2@host');
    expect(JSON.stringify(withPassword)).not.toContain('hunter2');
    expect(withPassword).toHaveProperty('unusable');
    expect(JSON.stringify(parseEngineHost('tcp://u:hunter2@host/x', { tls }))).not.toContain('hunter2');
    expect(parseEngineHost('ssh://host/path')).toHaveProperty('unusable');
    expect(parseEngineHost('ssh://-oProxyCommand=x@host')).toHaveProperty('unusable');
    expect(parseEngineHost('unix://relative.sock')).toHaveProperty('unusable');
    expect(parseEngineHost('docker.sock')).toHaveProperty('unusable');
  });

  it('reports hostile hosts, users and ports as unusable without throwing', () => {
    expect(() => parseEngineHost('ssh://%E0@host')).not.toThrow();
    expect(parseEngineHost('ssh://%E0@host')).toEqual({ unusable: expect.stringContaining('is not a valid user name') });
    expect(parseEngineHost('ssh://d%65ploy@host')).toHaveProperty('unusable');
    for (const value of ['ssh://$(id)', 'ssh://a;b', 'tcp://a;b:2376', 'ssh://deploy@-host', 'ssh://h%C3%A9', 'ssh://a..b', 'ssh://[fd00::2', 'ssh://host`id`']) {
      expect(parseEngineHost(value, { tls }), value).toHaveProperty('unusable');
    }
    expect(parseEngineHost('ssh://host:0')).toEqual({ unusable: expect.stringContaining('port 0') });
    expect(parseEngineHost('tcp://10.0.0.2:0', { tls })).toHaveProperty('unusable');
    expect(parseEngineHost('ssh://engine-1.example.:2222')).toMatchObject({ endpoint: { host: 'engine-1.example.', port: 2222 } });
  });

  it('shows nothing before "@" of a value without a scheme', () => {
    const result = parseEngineHost('u:hunter2@host');
    expect(result).toHaveProperty('unusable');
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(JSON.stringify(result)).toContain('***@host');
  });

  it('writes endpoints back as URLs', () => {
    expect(endpointAddress({ kind: 'ssh', user: 'd', host: 'fd00::2', port: 22, ssh: {} })).toBe('ssh://d@[fd00::2]:22');
    expect(endpointAddress({ kind: 'tcp', host: 'h', port: 2376, tls })).toBe('tcp://h:2376');
  });
});

describe('tlsFromEnv', () => {
  it('follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH like the Docker CLI', () => {
    expect(tlsFromEnv({ DOCKER_CERT_PATH: '/c' })).toBeUndefined();
    expect(tlsFromEnv({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' })).toEqual(tls);
    expect(tlsFromEnv({ DOCKER_TLS_VERIFY: '1', HOME: '/home/u' })).toEqual({ caFile: '/home/u/.docker/ca.pem', certFile: '/home/u/.docker/cert.pem', keyFile: '/home/u/.docker/key.pem' });
  });
});
