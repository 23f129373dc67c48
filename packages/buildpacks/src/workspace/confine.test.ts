import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldOf } from '../testing/support.js';
import { resolveInside } from './confine.js';
import { createWorkspaceDir, sweepStaleWorkspaces } from './workspace.js';
import { existsSync } from 'node:fs';

let root: string;
let outside: string;
beforeAll(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'mctest-confine-'));
  root = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(root, 'sub', 'file.txt'), 'x');
  await writeFile(path.join(outside, 'secret'), 's');
  await symlink(outside, path.join(root, 'escape'));
  await symlink('/etc/passwd', path.join(root, 'passwd'));
  await symlink('sub', path.join(root, 'inner'));
});
afterAll(async () => {
  await rm(path.dirname(root), { recursive: true, force: true });
});

describe('resolveInside', () => {
  it('resolves paths inside the root', async () => {
    const real = path.join(await import('node:fs/promises').then((fs) => fs.realpath(root)), 'sub', 'file.txt');
    expect(await resolveInside(root, 'sub/file.txt', 'f')).toBe(real);
    expect(await resolveInside(root, './sub/../sub/file.txt', 'f')).toBe(real);
    expect(await resolveInside(root, 'inner/file.txt', 'f')).toBe(real);
    expect(await resolveInside(root, 'not/yet/there', 'f')).toMatch(/not\/yet\/there$/);
  });
  it.each(['../outside/secret', '../../etc/passwd', '/etc/passwd', 'sub/../../x', 'a\nb', 'a\0b', ''])(
    'refuses %j',
    async (p) => {
      expect(await fieldOf(resolveInside(root, p, 'dockerfile_config.dockerfile_path'))).toBe('dockerfile_config.dockerfile_path');
    },
  );
  it('refuses symlinks that lead outside, even to paths that do not exist yet', async () => {
    expect(await fieldOf(resolveInside(root, 'escape/secret', 'x'))).toBe('x');
    expect(await fieldOf(resolveInside(root, 'escape', 'x'))).toBe('x');
    expect(await fieldOf(resolveInside(root, 'passwd', 'x'))).toBe('x');
    expect(await fieldOf(resolveInside(root, 'escape/missing/file', 'x'))).toBe('x');
  });
});

describe('workspace directories', () => {
  it('creates private dirs and sweeps stale ones', async () => {
    const buildDir = await mkdtemp(path.join(os.tmpdir(), 'mctest-builddir-'));
    try {
      const a = await createWorkspaceDir(buildDir, 'b1');
      const b = await createWorkspaceDir(buildDir, 'b1');
      expect(a.path).not.toBe(b.path);
      await writeFile(path.join(buildDir, 'unrelated'), '');
      await b.dispose();
      expect(existsSync(b.path)).toBe(false);
      expect(await sweepStaleWorkspaces(buildDir)).toEqual([path.basename(a.path)]);
      expect(existsSync(a.path)).toBe(false);
      expect(existsSync(path.join(buildDir, 'unrelated'))).toBe(true);
    } finally {
      await rm(buildDir, { recursive: true, force: true });
    }
  });
});
