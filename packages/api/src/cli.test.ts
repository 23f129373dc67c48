import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, runCli } from './cli.js';
import { VERSION } from './version.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with captured output; none of these cases reaches the point of listening. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    cwd: dir,
    handleSignals: false,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    onListening: (_url, stop) => void stop(),
  });
  return { code, stdout, stderr };
}

describe('mikrocloud CLI', () => {
  it('prints help and version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(ExitCode.ok);
    expect(help.stdout).toContain('mikrocloud serve');
    expect(help.stdout).toContain('--config');
    expect(await run(['-v'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it.each([
    [['serve', '--bogus']],
    [['serve', '--port']],
    [['serve', '--port', 'eighty']],
    [['serve', '--port', '70000']],
    [['serve', 'extra']],
    [['deploy']],
    [[]],
    [['serve', '--log-format', 'xml']],
  ])('exits 2 with a message for %j', async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/^mikrocloud: /);
  });

  it.each([
    [['serve', '--prot', '8080'], 'mikrocloud: unknown option "--prot" (did you mean "--port"?)'],
    [['serve', '--port'], 'mikrocloud: option --port needs a value: --port PORT'],
    [['serve', '--config', '--port', '1'], 'mikrocloud: option --config needs a value: --config FILE'],
    [['serve', '-x'], 'mikrocloud: unknown option "-x"'],
    [['serv'], 'mikrocloud: unknown command "serv" (did you mean "serve"?); commands: serve, config check, doctor'],
    [['config'], 'mikrocloud: unknown command "config" (did you mean "config check"?)'],
    [['doctor', 'now'], 'mikrocloud: unexpected argument "now" after "doctor"'],
  ])('answers %j in two lines: what is wrong, and where the usage is', async (argv, first) => {
    const result = await run(argv);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toBe(`${first}\nRun "mikrocloud --help" for usage.\n`);
  });

  it('config check prints the effective configuration with secrets redacted', async () => {
    const file = join(dir, 'check.toml');
    writeFileSync(file, '[server]\nport = 4321\ntoken = "keep-me-secret-0123456789"\n', { mode: 0o600 });
    const result = await run(['config', 'check', '--config', file]);
    expect(result).toMatchObject({ code: ExitCode.ok, stderr: '' });
    expect(result.stdout).toContain(`# configuration is valid (file: ${file}; 1 API token)`);
    expect(result.stdout).toContain('port = 4321');
    expect(result.stdout).toContain('token = "***"');
    expect(result.stdout).not.toContain('keep-me-secret');
    const bad = join(dir, 'bad.toml');
    writeFileSync(bad, '[server]\nport = 30x0\n');
    const failed = await run(['config', 'check', '--config', bad]);
    expect(failed.code).toBe(ExitCode.usage);
    expect(failed.stderr).toContain('not valid TOML at line 2, column 10');
  });

  it('doctor reports each engine candidate and why, the chosen engine and the data dirs', async () => {
    const data = mkdtempSync(join(dir, 'data-'));
    chmodSync(data, 0o755);
    const result = await run(['doctor'], { MIKROCLOUD_SERVER_DATA_DIR: data, MIKROCLOUD_DOCKER_SOCKET_PATH: '/nonexistent/mctest.sock', MIKROCLOUD_DOCKER_RUNTIME: 'auto' });
    expect(result.code).toBe(ExitCode.failure);
    expect(result.stdout).toContain('docker.socket_path (/nonexistent/mctest.sock): missing');
    expect(result.stdout).toContain('DOCKER_HOST: not consulted (docker.socket_path comes first)');
    expect(result.stdout).toMatch(/FAIL {2}.*docker\.socket_path/);
    expect(result.stdout).toContain(`warn  data dir (server.data_dir) ${data} is open to other users (mode 755); 700 is advised`);
  });

  it('doctor reports each named engine, one that does not answer as a warning', async () => {
    const data = mkdtempSync(join(dir, 'data-'));
    const file = join(dir, 'engines.toml');
    writeFileSync(file, '[docker]\nsocket_path = "/nonexistent/mctest.sock"\n\n[[engines]]\nname = "edge"\nruntime = "docker"\nhost = "unix:///nonexistent/mctest-edge.sock"\n');
    const result = await run(['doctor', '--config', file], { MIKROCLOUD_SERVER_DATA_DIR: data });
    expect(result.stdout).toContain('Named engines ([[engines]]):');
    expect(result.stdout).toMatch(/warn {2}edge: docker not reachable: .*mctest-edge\.sock/);
  });

  it('refuses a non-loopback bind without a token (exit 2) and says how to fix it', async () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3']) {
      const result = await run(['serve', '--host', host, '--port', '0']);
      expect(result.code).toBe(ExitCode.usage);
      expect(result.stderr).toContain('server.token');
    }
  });

  it('exits 2 on a bad configuration file or variable, never printing secrets', async () => {
    const file = join(dir, 'bad.toml');
    writeFileSync(file, '[server]\ntoken = "keep-me-secret"\nport = "x"\n');
    const fromFile = await run(['serve', '--config', file]);
    expect(fromFile.code).toBe(ExitCode.usage);
    expect(fromFile.stderr).toContain('server.port');
    expect(fromFile.stderr).not.toContain('keep-me-secret');
    const fromEnv = await run(['serve'], { MIKROCLOUD_SERVER_PORT: 'x', MIKROCLOUD_SERVER_TOKEN: 'keep-me-secret' });
    expect(fromEnv.code).toBe(ExitCode.usage);
    expect(fromEnv.stderr).toContain('MIKROCLOUD_SERVER_PORT');
    expect((await run(['serve', '--config', join(dir, 'missing.toml')])).code).toBe(ExitCode.usage);
  });

  it('exits 2 when a configuration file holding a secret is readable by other users, with the chmod that fixes it', async () => {
    const file = join(dir, 'open.toml');
    writeFileSync(file, '[server]\ntoken = "keep-me-secret"\nport = 0\n');
    chmodSync(file, 0o644);
    const result = await run(['serve', '--config', file]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain(`chmod 600 ${file}`);
    expect(result.stderr).not.toContain('keep-me-secret');
  });
});
