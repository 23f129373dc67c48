import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, assertSafeBind, defaultConfig, isLoopbackHost, loadConfig, redactedConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(toml: string): string {
  const path = join(dir, `config-${n++}.toml`);
  writeFileSync(path, toml);
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
build_dir = "/tmp/mikrocloud/builds"

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

[build.base_images]
node = "node:20-alpine"
nginx = "nginx:alpine"
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
