import { describe, expect, it } from 'vitest';
import { sshSettings } from './build-system.js';
import { ConfigError, defaultConfig } from './config.js';
import { createManager, managerPolicy } from './manager.js';

describe('managerPolicy', () => {
  it('turns the [docker] and [build] defaults into manager options', () => {
    expect(managerPolicy(defaultConfig({}))).toEqual({
      containerDefaults: { memoryBytes: 2048 * 1024 * 1024, nanoCpus: 2e9, pidsLimit: 4096 },
      buildDefaults: { network: 'bridge', builder: 'auto', memoryBytes: 4096 * 1024 * 1024, nanoCpus: 2e9 },
      pullPolicy: 'missing',
      allowedRegistries: [],
      allowForeignTags: false,
      allowUnconfinedMounts: false,
      allowedBindRoots: [],
    });
  });

  it('passes the bind address, pull policy, registries and fractional CPUs', () => {
    const config = defaultConfig({});
    config.docker.default_host_ip = '127.0.0.1';
    config.docker.default_cpus = 0.5;
    config.docker.pull_policy = 'never';
    config.docker.allowed_registries = ['ghcr.io'];
    config.build.network = 'none';
    config.build.allow_foreign_tags = true;
    const policy = managerPolicy(config);
    expect(policy.containerDefaults).toMatchObject({ hostIp: '127.0.0.1', nanoCpus: 5e8 });
    expect(policy).toMatchObject({ pullPolicy: 'never', allowedRegistries: ['ghcr.io'], allowForeignTags: true, buildDefaults: { network: 'none' } });
  });
});

describe('createManager', () => {
  it.each(['docker', 'podman', 'auto'] as const)('names docker.socket_path when the configured socket (%s) is missing', async (runtime) => {
    const config = defaultConfig({});
    config.docker.runtime = runtime;
    config.docker.socket_path = '/nonexistent/mctest-engine.sock';
    const manager = await createManager(config, { env: {} });
    const failure = await manager.ping().then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(failure?.message).toContain('docker.socket_path');
    expect(failure?.message).not.toContain('socketPath option');
  });
});

describe('sshSettings', () => {
  it('is empty without keys and resolves both files from the config folder', () => {
    const config = defaultConfig({});
    expect(sshSettings(config, '/etc/mikrocloud')).toEqual({});
    config.build.ssh_key_file = 'id_ed25519';
    config.build.ssh_known_hosts_file = '/etc/ssh/known';
    expect(sshSettings(config, '/etc/mikrocloud')).toEqual({ ssh: { keyFile: '/etc/mikrocloud/id_ed25519', knownHostsFile: '/etc/ssh/known' } });
  });

  it('refuses one without the other, naming the missing key', () => {
    const config = defaultConfig({});
    config.build.ssh_key_file = '/k';
    expect(() => sshSettings(config, '/')).toThrow(ConfigError);
    expect(() => sshSettings(config, '/')).toThrow('build.ssh_known_hosts_file');
    config.build.ssh_key_file = undefined;
    config.build.ssh_known_hosts_file = '/kh';
    expect(() => sshSettings(config, '/')).toThrow('build.ssh_key_file');
  });
});

describe('engineConnection', () => {
  it('passes [docker] host with its TLS or ssh files, and nothing without a host', async () => {
    const { engineConnection } = await import('./manager.js');
    const config = defaultConfig({});
    expect(engineConnection(config)).toEqual({});
    config.docker.host = 'tcp://10.0.0.2:2376';
    config.docker.tls_ca_file = '/ca.pem';
    config.docker.tls_cert_file = '/cert.pem';
    config.docker.tls_key_file = '/key.pem';
    expect(engineConnection(config)).toMatchObject({ host: 'tcp://10.0.0.2:2376', hostSource: 'docker.host', tls: { caFile: '/ca.pem', certFile: '/cert.pem', keyFile: '/key.pem' }, allowPlainTcp: false });
    config.docker.host = 'ssh://deploy@10.0.0.2';
    config.docker.ssh_key_file = '/id';
    config.docker.ssh_known_hosts_file = '/known';
    expect(engineConnection(config)).toMatchObject({ ssh: { keyFile: '/id', knownHostsFile: '/known' } });
  });
});
