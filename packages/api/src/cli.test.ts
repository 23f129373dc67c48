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
