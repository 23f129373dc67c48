import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { managerPolicy } from '../manager.js';

const dir = mkdtempSync(join(tmpdir(), 'mc-bindroots-'));
const file = join(dir, 'file');
writeFileSync(file, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(roots: string[]): string[] {
  try {
    loadConfig({ env: {}, cwd: dir, flags: { docker: { allowed_bind_roots: roots } } });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  return [];
}

describe('[docker] allowed_bind_roots', () => {
  it('is empty by default and reaches the manager as allowedBindRoots', () => {
    expect(loadConfig({ env: {}, cwd: dir }).docker.allowed_bind_roots).toEqual([]);
    const config = loadConfig({ env: { MIKROCLOUD_DOCKER_ALLOWED_BIND_ROOTS: dir }, cwd: dir });
    expect(config.docker.allowed_bind_roots).toEqual([dir]);
    expect(managerPolicy(config).allowedBindRoots).toEqual([dir]);
  });

  it('refuses /, relative, unnormalised, missing roots and files, naming each', () => {
    expect(problems(['/'])).toEqual([expect.stringMatching(/^docker\.allowed_bind_roots\.0: must not be \//)]);
    expect(problems(['relative'])[0]).toMatch(/^docker\.allowed_bind_roots\.0/);
    expect(problems([`${dir}/../x`])).toEqual([expect.stringMatching(/^docker\.allowed_bind_roots\.0: .*\.\./)]);
    expect(problems([dir, join(dir, 'missing'), file])).toEqual([
      expect.stringMatching(/^docker\.allowed_bind_roots\.1: .*does not exist/),
      expect.stringMatching(/^docker\.allowed_bind_roots\.2: .*not a directory/),
    ]);
  });
});
