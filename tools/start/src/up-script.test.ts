import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const upScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../engines/up.sh');

/** up.sh's plan for these arguments and variables (`--dry-run`: it starts and changes nothing). */
async function plan(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MIKROCLOUD_')));
  return run('bash', [upScript, ...args, '--dry-run'], { env: { ...clean, ...env } });
}

describe('tools/engines/up.sh arguments', () => {
  it('without arguments plans what npm test needs: every engine, the browser, the images, the registry and the remote engine', async () => {
    expect((await plan([])).stdout).toBe('[engines] plan: engines=docker,podman,podman-rootless browser=yes images=yes registry=yes remote=yes verdaccio=yes\n');
  });

  it('--docker-only plans Docker alone, and nothing else', async () => {
    expect((await plan(['--docker-only'])).stdout).toBe('[engines] plan: engines=docker browser=no images=no registry=no remote=no verdaccio=no\n');
  });

  it('--docker-only wins over MIKROCLOUD_ENGINES and says so; MIKROCLOUD_ENGINES=docker alone keeps images, registry and browser', async () => {
    const both = await plan(['--docker-only'], { MIKROCLOUD_ENGINES: 'docker podman' });
    expect(both.stdout).toBe('[engines] plan: engines=docker browser=no images=no registry=no remote=no verdaccio=no\n');
    expect(both.stderr).toContain('--docker-only: starting docker alone (MIKROCLOUD_ENGINES="docker podman" is not used)');
    expect((await plan([], { MIKROCLOUD_ENGINES: 'docker' })).stdout).toBe('[engines] plan: engines=docker browser=yes images=yes registry=yes remote=yes verdaccio=yes\n');
    expect((await plan([], { MIKROCLOUD_SKIP_IMAGES: '1', MIKROCLOUD_SKIP_REGISTRY: '1' })).stdout).toContain('images=no registry=no');
  });

  it('refuses an unknown argument with its usage and exit code 2, before doing anything', async () => {
    const error = await run('bash', [upScript, '--docker'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stdout).toBe('');
    expect(error?.stderr).toBe('[engines] unknown argument: --docker\nusage: up.sh [--docker-only] [--dry-run]\n');
  });
});
