import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, assertSafeBind, defaultConfig, isLoopbackHost, loadConfig, redactedConfig, resolveBuildDir } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(toml: string): string {
  const path = join(dir, `config-${n++}.toml`);
  writeFileSync(path, toml, { mode: 0o600 });
  return path;
}

function problemsOf(run: () => unknown): { source: string; fields: string[]; message: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    return { source: e.source, fields: e.problems.map((p) => p.field), message: e.message };
  }
  throw new Error('expected a ConfigError');
}

const FULL = `
[docker]
runtime = "docker"
socket_path = "/var/run/docker.sock"
rootless = false

[server]
host = "127.0.0.1"
port = 3000
token = "s3cret-token"
body_limit_bytes = 1048576
data_dir = "/var/lib/mikrocloud"

[build]
concurrency = 2
timeout_seconds = 1800
allowed_git_protocols = ["https", "ssh", "file"]
clone_timeout_seconds = 300
max_repo_bytes = 1073741824
github_token = "ghp_example"
github_api_url = "https://api.github.com"
github_commit_status = false
buildpacks = []

build_dir = "/srv/mikrocloud/builds"
network = "none"
allow_unconfined_mounts = false
allow_foreign_tags = false
image_namespace = "apps"
memory_mb = 2048
cpus = 1.5
max_queue = 10
max_log_bytes = 1048576
retention_count = 50
retention_days = 7
allowed_git_hosts = ["github.com"]
ssh_key_file = "/etc/mikrocloud/deploy_key"
ssh_known_hosts_file = "/etc/mikrocloud/known_hosts"
nixpacks_cli = true
nixpacks_user = "builder"

[build.base_images]
node = "node:20-alpine"
nginx = "nginx:alpine"
`;

const FULL_NEW_KEYS = `
[docker]
default_memory_mb = 512
default_cpus = 0.5
default_pids_limit = 256
default_host_ip = "127.0.0.1"
pull_policy = "never"
allowed_registries = ["docker.io", "ghcr.io"]

[server]
allowed_hosts = ["mikrocloud.internal", "10.0.0.5:3000"]
allowed_origins = ["https://dashboard.example.com"]
scope = "managed"
expose_unmanaged = true
max_streams = 8
headers_timeout_seconds = 10
request_timeout_seconds = 20
`;

describe('loadConfig', () => {
  it('works with no file and no environment: loopback, port 3000, engine discovered', () => {
    const config = loadConfig({ env: {}, cwd: dir });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 3000, body_limit_bytes: 1048576 });
    expect(config.server.token).toBeUndefined();
    expect(config.docker.socket_path).toBeUndefined();
    expect(config.docker.runtime).toBe('docker');
    expect(config.build.allowed_git_protocols).toEqual(['https', 'ssh']);
  });

  it('reads every documented key', () => {
    const config = loadConfig({ file: file(FULL), env: {} });
    expect(config.docker.socket_path).toBe('/var/run/docker.sock');
    expect(config.server.token).toBe('s3cret-token');
    expect(config.build.allowed_git_protocols).toEqual(['https', 'ssh', 'file']);
    expect(config.build.base_images).toEqual({ node: 'node:20-alpine', nginx: 'nginx:alpine' });
  });

  it('layers file < environment < flags', () => {
    const path = file('[server]\nport = 4000\nhost = "127.0.0.2"\n[build]\nconcurrency = 3\n');
    const env = { MIKROCLOUD_SERVER_PORT: '5000', MIKROCLOUD_BUILD_CONCURRENCY: '4', MIKROCLOUD_DOCKER_SOCKET_PATH: '/run/x.sock' };
    const config = loadConfig({ file: path, env, flags: { server: { port: 6000 } } });
    expect(config.server.port).toBe(6000);
    expect(config.server.host).toBe('127.0.0.2');
    expect(config.build.concurrency).toBe(4);
    expect(config.docker.socket_path).toBe('/run/x.sock');
  });

  it('coerces environment values by the type of the key', () => {
    const config = loadConfig({
      cwd: dir,
      env: {
        MIKROCLOUD_DOCKER_ROOTLESS: 'true',
        MIKROCLOUD_SERVER_TOKEN: 'tok-from-env',
        MIKROCLOUD_BUILD_ALLOWED_GIT_PROTOCOLS: 'https,file',
        MIKROCLOUD_BUILD_BUILDPACKS: '["./a.js","./b.js"]',
        MIKROCLOUD_BUILD_BASE_IMAGES: 'node=node:20-alpine',
        MIKROCLOUD_BUILD_BASE_IMAGES_NGINX: 'nginx:alpine',
        MIKROCLOUD_CONFIG: '',
        MIKROCLOUD_SOMETHING_ELSE: 'ignored: not a configuration section',
      },
    });
    expect(config.docker.rootless).toBe(true);
    expect(config.server.token).toBe('tok-from-env');
    expect(config.build.allowed_git_protocols).toEqual(['https', 'file']);
    expect(config.build.buildpacks).toEqual(['./a.js', './b.js']);
    expect(config.build.base_images).toEqual({ node: 'node:20-alpine', nginx: 'nginx:alpine' });
  });

  it('names section.key for unknown keys and wrong types in a file', () => {
    const bad = problemsOf(() =>
      loadConfig({ env: {}, file: file('[server]\nprot = 3000\nport = "3000"\n[docker]\nruntime = "containerd"\n[extra]\nx = 1\n') }),
    );
    expect(bad.fields).toEqual(expect.arrayContaining(['server.prot', 'server.port', 'docker.runtime', 'extra']));
    expect(bad.message).toContain('docker, podman, auto');
    expect(bad.source).toContain('.toml');
  });

  it('names the variable for bad environment values', () => {
    const typo = problemsOf(() => loadConfig({ cwd: dir, env: { MIKROCLOUD_SERVER_PROT: '1' } }));
    expect(typo.fields).toEqual(['server.prot']);
    expect(typo.message).toContain('MIKROCLOUD_SERVER_PROT');
    const type = problemsOf(() => loadConfig({ cwd: dir, env: { MIKROCLOUD_SERVER_PORT: 'eighty' } }));
    expect(type.fields).toEqual(['server.port']);
    expect(type.source).toBe('environment');
    expect(problemsOf(() => loadConfig({ cwd: dir, env: { MIKROCLOUD_BUILD_GITHUB_COMMIT_STATUS: 'maybe' } })).fields).toEqual([
      'build.github_commit_status',
    ]);
    expect(problemsOf(() => loadConfig({ cwd: dir, env: { MIKROCLOUD_SERVER_PORT: '70000' } })).fields).toEqual(['server.port']);
  });

  it('checks flags and base image references', () => {
    expect(problemsOf(() => loadConfig({ cwd: dir, env: {}, flags: { server: { port: -1 } } })).source).toBe('flags');
    const images = problemsOf(() => loadConfig({ env: {}, file: file('[build.base_images]\nnode = "Not An Image!"\n') }));
    expect(images.fields).toEqual(['build.base_images.node']);
  });

  it('reports TOML syntax errors and missing files', () => {
    expect(problemsOf(() => loadConfig({ env: {}, file: file('[server\nport = 1') })).message).toContain('not valid TOML');
    expect(problemsOf(() => loadConfig({ env: {}, file: file('[server]\nport = 30x0\n') })).message).toMatch(
      /: not valid TOML at line 2, column 10: illegal character in numeric literal$/,
    );
    expect(problemsOf(() => loadConfig({ env: {}, file: join(dir, 'absent.toml') })).message).toContain('file not found');
  });

  it('finds the file from MIKROCLOUD_CONFIG, then ./mikrocloud.toml', () => {
    const viaEnv = file('[server]\nport = 4100\n');
    expect(loadConfig({ cwd: dir, env: { MIKROCLOUD_CONFIG: viaEnv } }).server.port).toBe(4100);
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, 'mikrocloud.toml'), '[server]\nport = 4200\n');
    expect(loadConfig({ cwd, env: {} }).server.port).toBe(4200);
    expect(loadConfig({ cwd, env: { MIKROCLOUD_CONFIG: viaEnv } }).server.port).toBe(4100);
    expect(loadConfig({ cwd, env: { MIKROCLOUD_CONFIG: viaEnv }, file: file('[server]\nport = 4300\n') }).server.port).toBe(4300);
  });

  it('defaults data_dir to a place the user can write', () => {
    expect(defaultConfig({ XDG_DATA_HOME: '/data' }).server.data_dir).toBe('/data/mikrocloud');
  });
});

describe('security and bounds keys', () => {
  it('have the documented defaults', () => {
    const config = loadConfig({ env: {}, cwd: dir });
    expect(config.server).toMatchObject({
      allowed_hosts: [],
      allowed_origins: [],
      scope: 'instance',
      expose_unmanaged: false,
      max_streams: 64,
      headers_timeout_seconds: 30,
      request_timeout_seconds: 60,
    });
    expect(config.docker).toMatchObject({ default_memory_mb: 2048, default_cpus: 2, default_pids_limit: 4096, pull_policy: 'missing', allowed_registries: [] });
    expect(config.docker.default_host_ip).toBeUndefined();
    expect(config.build).toMatchObject({
      network: 'bridge',
      builder: 'auto',
      allow_unconfined_mounts: false,
      allow_foreign_tags: false,
      memory_mb: 4096,
      cpus: 2,
      max_queue: 64,
      max_log_bytes: 16777216,
      retention_count: 1000,
      retention_days: 30,
      allowed_git_hosts: [],
      nixpacks_cli: false,
      nixpacks_user: 'nobody',
    });
    for (const key of ['image_namespace', 'ssh_key_file', 'ssh_known_hosts_file'] as const) expect(config.build[key]).toBeUndefined();
  });

  it('are read from a file', () => {
    const config = loadConfig({ file: file(FULL_NEW_KEYS), env: {} });
    expect(config.docker).toMatchObject({ default_memory_mb: 512, default_cpus: 0.5, default_host_ip: '127.0.0.1', pull_policy: 'never' });
    expect(config.server).toMatchObject({ allowed_hosts: ['mikrocloud.internal', '10.0.0.5:3000'], scope: 'managed', max_streams: 8 });
    const full = loadConfig({ file: file(FULL), env: {} });
    expect(full.build).toMatchObject({ network: 'none', image_namespace: 'apps', cpus: 1.5, retention_days: 7, nixpacks_user: 'builder' });
  });

  it('are read from the environment, coerced by type', () => {
    const config = loadConfig({
      cwd: dir,
      env: {
        MIKROCLOUD_SERVER_ALLOWED_HOSTS: 'a.example,b.example:8080',
        MIKROCLOUD_SERVER_ALLOWED_ORIGINS: '["https://ui.example"]',
        MIKROCLOUD_SERVER_MAX_STREAMS: '3',
        MIKROCLOUD_SERVER_EXPOSE_UNMANAGED: 'yes',
        MIKROCLOUD_DOCKER_DEFAULT_CPUS: '1.25',
        MIKROCLOUD_DOCKER_PULL_POLICY: 'always',
        MIKROCLOUD_BUILD_NETWORK: 'none',
        MIKROCLOUD_BUILD_MAX_QUEUE: '0',
      },
    });
    expect(config.server).toMatchObject({ allowed_hosts: ['a.example', 'b.example:8080'], allowed_origins: ['https://ui.example'], max_streams: 3, expose_unmanaged: true });
    expect(config.docker).toMatchObject({ default_cpus: 1.25, pull_policy: 'always' });
    expect(config.build).toMatchObject({ network: 'none', max_queue: 0 });
  });

  it('are validated, naming the key and the allowed values', () => {
    const bad = problemsOf(() =>
      loadConfig({
        env: {},
        file: file(
          '[server]\nscope = "all"\nmax_streams = 0\nallowed_origins = ["https://ui.example/path", "null"]\n[docker]\npull_policy = "sometimes"\ndefault_cpus = 0\n[build]\nnetwork = "host"\nimage_namespace = "Apps"\n',
        ),
      }),
    );
    expect(bad.fields).toEqual(
      expect.arrayContaining(['server.scope', 'server.max_streams', 'server.allowed_origins.0', 'server.allowed_origins.1', 'docker.pull_policy', 'docker.default_cpus', 'build.network', 'build.image_namespace']),
    );
    expect(bad.message).toContain('bridge, none');
    expect(bad.message).toContain('instance, managed');
    const env = problemsOf(() => loadConfig({ cwd: dir, env: { MIKROCLOUD_DOCKER_DEFAULT_CPUS: 'two' } }));
    expect(env.message).toContain('MIKROCLOUD_DOCKER_DEFAULT_CPUS');
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    const bad = problemsOf(() => loadConfig({ cwd: dir, env: { MIKROCLOUD_SERVER_HEADERS_TIMEOUT_SECONDS: '90' } }));
    expect(bad.fields).toEqual(['server.headers_timeout_seconds']);
  });
});

describe('build_dir', () => {
  it('defaults to <data_dir>/builds, following data_dir from any layer', () => {
    expect(loadConfig({ cwd: dir, env: { MIKROCLOUD_SERVER_DATA_DIR: '/srv/mc' } }).build.build_dir).toBe('/srv/mc/builds');
    const config = defaultConfig({});
    config.server.data_dir = '/elsewhere';
    expect(resolveBuildDir(config)).toBe('/elsewhere/builds');
  });

  it('is still accepted in [docker], its former place', () => {
    expect(loadConfig({ env: {}, file: file('[docker]\nbuild_dir = "/old/place"\n') }).build.build_dir).toBe('/old/place');
    expect(loadConfig({ env: {}, file: file('[build]\nbuild_dir = "/new/place"\n') }).build.build_dir).toBe('/new/place');
    const both = problemsOf(() => loadConfig({ env: {}, file: file('[docker]\nbuild_dir = "/a"\n[build]\nbuild_dir = "/b"\n') }));
    expect(both.fields).toEqual(['docker.build_dir']);
  });
});

describe('a configuration file holding a secret', () => {
  it('is refused while group or others can read it, with the chmod that fixes it', () => {
    for (const [toml, key] of [
      ['[server]\ntoken = "s3cret-token"\n', 'server.token'],
      ['[build]\ngithub_token = "ghp_example"\n', 'build.github_token'],
    ] as const) {
      const path = file(toml);
      chmodSync(path, 0o644);
      const bad = problemsOf(() => loadConfig({ env: {}, file: path }));
      expect(bad.fields).toEqual([key]);
      expect(bad.message).toContain(`chmod 600 ${path}`);
      expect(bad.message).toContain('0644');
      expect(bad.message).not.toContain('s3cret-token');
      chmodSync(path, 0o600);
      expect(() => loadConfig({ env: {}, file: path })).not.toThrow();
    }
  });

  it('is not checked when the file holds no secret', () => {
    const path = file('[server]\nport = 4000\n');
    chmodSync(path, 0o644);
    expect(loadConfig({ env: {}, file: path }).server.port).toBe(4000);
  });
});

describe('redactedConfig', () => {
  it('hides every secret and leaves the original intact', () => {
    const config = loadConfig({ file: file(FULL), env: {} });
    const shown = JSON.stringify(redactedConfig(config));
    expect(shown).not.toContain('s3cret-token');
    expect(shown).not.toContain('ghp_example');
    expect(shown).toContain('"token":"***"');
    expect(config.server.token).toBe('s3cret-token');
  });
});

describe('assertSafeBind', () => {
  const with_ = (host: string, token?: string) => {
    const config = defaultConfig({});
    config.server.host = host;
    if (token) config.server.token = token;
    return config;
  };

  it('allows loopback without a token', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.53']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(() => assertSafeBind(with_(host))).not.toThrow();
    }
  });

  it('refuses any other address without a token, naming server.host', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      const problems = problemsOf(() => assertSafeBind(with_(host)));
      expect(problems.fields).toEqual(['server.host']);
      expect(problems.message).toContain('server.token');
      expect(() => assertSafeBind(with_(host, 'a-token'))).not.toThrow();
    }
  });
});

describe('[docker] host', () => {
  const key = join(dir, 'engine-key.pem');
  writeFileSync(key, 'not really a key', { mode: 0o600 });
  const shared = join(dir, 'shared-key.pem');
  writeFileSync(shared, 'not really a key', { mode: 0o644 });
  chmodSync(shared, 0o644);

  it('takes a tcp:// host with its three TLS files, and an ssh:// host with a key and known_hosts', () => {
    const tls = loadConfig({ env: {}, file: file(`[docker]\nhost = "tcp://10.0.0.2:2376"\ntls_ca_file = "/ca.pem"\ntls_cert_file = "/cert.pem"\ntls_key_file = "${key}"\n`) });
    expect(tls.docker).toMatchObject({ host: 'tcp://10.0.0.2:2376', tls_key_file: key, allow_plain_tcp: false });
    const ssh = loadConfig({ env: {}, file: file(`[docker]\nhost = "ssh://deploy@10.0.0.2"\nssh_key_file = "${key}"\nssh_known_hosts_file = "/known_hosts"\n`) });
    expect(ssh.docker).toMatchObject({ host: 'ssh://deploy@10.0.0.2', ssh_key_file: key });
  });

  it('refuses plain tcp:// unless allowed, partial TLS files, files without a host and a shared key', () => {
    expect(problemsOf(() => loadConfig({ env: {}, file: file('[docker]\nhost = "tcp://10.0.0.2:2375"\n') })).fields).toEqual(['docker.host']);
    expect(loadConfig({ env: {}, file: file('[docker]\nhost = "tcp://10.0.0.2:2375"\nallow_plain_tcp = true\n') }).docker.allow_plain_tcp).toBe(true);
    expect(problemsOf(() => loadConfig({ env: {}, file: file(`[docker]\nhost = "tcp://h:2376"\ntls_key_file = "${key}"\n`) })).fields).toEqual(['docker.tls_ca_file', 'docker.tls_cert_file']);
    expect(problemsOf(() => loadConfig({ env: {}, file: file('[docker]\nssh_known_hosts_file = "/k"\n') })).fields).toEqual(['docker.ssh_known_hosts_file']);
    const problem = problemsOf(() => loadConfig({ env: {}, file: file(`[docker]\nhost = "ssh://h"\nssh_key_file = "${shared}"\n`) }));
    expect(problem.fields).toEqual(['docker.ssh_key_file']);
    expect(problem.message).toContain('chmod 600');
    expect(problem.message).not.toContain('not really a key');
  });

  it('refuses the hosts serve refuses, and files of the other kind of host', () => {
    const fields = (toml: string) => problemsOf(() => loadConfig({ env: {}, file: file(`[docker]\n${toml}`) })).fields;
    expect(fields('host = "ftp://x"\n')).toEqual(['docker.host']);
    expect(fields('host = "tcp://h/path"\nallow_plain_tcp = true\n')).toEqual(['docker.host']);
    expect(fields('host = "ssh://u:p@h"\n')).toEqual(['docker.host']);
    expect(problemsOf(() => loadConfig({ env: {}, file: file('[docker]\nhost = "ssh://u:p@h"\n') })).message).not.toContain(':p@');
    expect(fields('runtime = "podman"\nhost = "ssh://h"\n')).toEqual(['docker.host']);
    expect(fields(`host = "ssh://h"\ntls_ca_file = "/ca.pem"\ntls_cert_file = "/cert.pem"\ntls_key_file = "${key}"\n`)).toEqual([
      'docker.tls_ca_file',
      'docker.tls_cert_file',
      'docker.tls_key_file',
    ]);
    expect(fields('host = "tcp://h:2375"\nallow_plain_tcp = true\nssh_known_hosts_file = "/k"\n')).toEqual(['docker.ssh_known_hosts_file']);
  });

  it('is read from MIKROCLOUD_DOCKER_HOST too', () => {
    expect(loadConfig({ env: { MIKROCLOUD_DOCKER_HOST: 'ssh://deploy@h:2222' }, cwd: dir }).docker.host).toBe('ssh://deploy@h:2222');
  });
});
