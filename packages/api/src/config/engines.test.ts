import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedConfig } from '../config.js';
import { configCheck } from '../cli-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-engines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode });
  return path;
}

const fromToml = (toml: string) => loadConfig({ file: file(`c-${Math.random().toString(36).slice(2)}.toml`, toml), env: {} });

function problemsOf(toml: string): { field: string; message: string }[] {
  try {
    fromToml(toml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map(({ field, message }) => ({ field, message }));
  }
  throw new Error('the configuration was accepted');
}

describe('[[engines]]', () => {
  const ca = file('ca.pem', 'ca', 0o644);
  const cert = file('cert.pem', 'cert', 0o644);
  const key = file('key.pem', 'key');

  it('reads named engines beside [docker], which stays the default engine', () => {
    const config = fromToml(`
[docker]
runtime = "docker"

[[engines]]
name = "podman-1"
runtime = "podman"
host = "unix:///run/podman/podman.sock"
labels = { role = "build", "node.example.io/zone" = "a" }

[[engines]]
name = "remote"
runtime = "docker"
host = "tcp://10.0.0.2:2376"
tls_ca_file = "${ca}"
tls_cert_file = "${cert}"
tls_key_file = "${key}"
`);
    expect(config.docker.runtime).toBe('docker');
    expect(config.engines).toEqual([
      { name: 'podman-1', runtime: 'podman', host: 'unix:///run/podman/podman.sock', labels: { role: 'build', 'node.example.io/zone': 'a' } },
      { name: 'remote', runtime: 'docker', host: 'tcp://10.0.0.2:2376', tls_ca_file: ca, tls_cert_file: cert, tls_key_file: key },
    ]);
    expect(redactedConfig(config).engines).toEqual(config.engines);
  });

  it('has none by default, and a given configuration replaces the list of a file', () => {
    expect(loadConfig({ env: {}, cwd: dir }).engines).toEqual([]);
    const path = file('one.toml', '[[engines]]\nname = "a"\nruntime = "docker"\nhost = "unix:///a.sock"\n');
    const config = loadConfig({ file: path, env: {}, given: { source: 'code', config: { engines: [{ name: 'b', runtime: 'docker', host: 'unix:///b.sock' }] } } });
    expect(config.engines.map((e) => e.name)).toEqual(['b']);
  });

  it('names the table and the field of every problem', () => {
    expect(problemsOf('[[engines]]\nname = "a"\nruntime = "docker"\nhost = "unix:///a.sock"\nsocket = "/x"\n')).toEqual([{ field: 'engines.0.socket', message: 'unknown field' }]);
    expect(problemsOf('[[engines]]\nname = "Big_Name"\nruntime = "docker"\nhost = "unix:///a.sock"\n')[0]?.field).toBe('engines.0.name');
    expect(problemsOf('[[engines]]\nname = "a"\nruntime = "auto"\nhost = "unix:///a.sock"\n')).toEqual([{ field: 'engines.0.runtime', message: 'must be one of docker, podman' }]);
    expect(problemsOf('[[engines]]\nname = "a"\nruntime = "docker"\n')).toEqual([{ field: 'engines.0.host', message: expect.stringContaining('required') }]);
  });

  it('refuses duplicate names and the reserved name default', () => {
    const toml = ['a', 'b', 'a', 'default'].map((name) => `[[engines]]\nname = "${name}"\nruntime = "docker"\nhost = "unix:///${name}.sock"\n`).join('\n');
    expect(problemsOf(toml)).toEqual([
      { field: 'engines.2.name', message: '"a" is already the name of engines.0' },
      { field: 'engines.3.name', message: '"default" is the engine of [docker]; choose another name' },
    ]);
  });

  it('checks hosts as [docker] host is checked: transports, TLS files, plain TCP, Podman only by socket', () => {
    const engine = (lines: string) => `[[engines]]\nname = "e"\n${lines}\n`;
    expect(problemsOf(engine('runtime = "docker"\nhost = "tcp://10.0.0.2:2375"'))).toEqual([{ field: 'engines.0.host', message: expect.stringContaining('a tcp:// host needs tls_ca_file') }]);
    expect(fromToml(engine('runtime = "docker"\nhost = "tcp://10.0.0.2:2375"\nallow_plain_tcp = true')).engines[0]?.allow_plain_tcp).toBe(true);
    expect(problemsOf(engine('runtime = "docker"\nhost = "ftp://x"'))[0]?.field).toBe('engines.0.host');
    expect(problemsOf(engine(`runtime = "docker"\nhost = "tcp://10.0.0.2:2376"\ntls_ca_file = "${ca}"`)).map((p) => p.field)).toEqual(['engines.0.tls_cert_file', 'engines.0.tls_key_file']);
    expect(problemsOf(engine(`runtime = "docker"\nhost = "ssh://u@10.0.0.2"\ntls_ca_file = "${ca}"\ntls_cert_file = "${cert}"\ntls_key_file = "${key}"`)).map((p) => p.field)).toEqual([
      'engines.0.tls_ca_file',
      'engines.0.tls_cert_file',
      'engines.0.tls_key_file',
    ]);
    expect(problemsOf(engine(`runtime = "docker"\nhost = "unix:///a.sock"\nssh_known_hosts_file = "${ca}"`))).toEqual([{ field: 'engines.0.ssh_known_hosts_file', message: 'is not used with a unix:// engines.0.host' }]);
    expect(problemsOf(engine('runtime = "podman"\nhost = "ssh://u@10.0.0.2"'))).toEqual([{ field: 'engines.0.host', message: expect.stringContaining('only supported for runtime docker') }]);
  });

  it('refuses a key file that other users can read, as for [docker]', () => {
    const shared = file('shared-key', 'key', 0o644);
    const problems = problemsOf(`[[engines]]\nname = "e"\nruntime = "docker"\nhost = "ssh://u@10.0.0.2"\nssh_key_file = "${shared}"\n`);
    expect(problems).toEqual([{ field: 'engines.0.ssh_key_file', message: expect.stringContaining('chmod 600') }]);
  });

  it('checks label keys and values', () => {
    const problems = problemsOf('[[engines]]\nname = "e"\nruntime = "docker"\nhost = "unix:///a.sock"\nlabels = { Zone = "a", ok = "a\\u0007" }\n');
    expect(problems.map((p) => p.field)).toEqual(['engines.0.labels.Zone', 'engines.0.labels.ok']);
  });

  it('prints the engines in `config check`', () => {
    const path = file('check.toml', '[[engines]]\nname = "e"\nruntime = "docker"\nhost = "unix:///a.sock"\nlabels = { zone = "a" }\n');
    let out = '';
    configCheck({ file: path, env: {} }, { env: {}, out: (text: string) => (out += text) });
    expect(out).toContain('[[engines]]');
    expect(out).toContain('name = "e"');
  });
});
