import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspaceDir, prepareBuildDir, sweepStaleWorkspaces } from './workspace.js';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'mctest-builddir-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('prepareBuildDir', () => {
  it('creates a missing build directory (and its parents) 0700', async () => {
    const dir = path.join(base, 'data', 'builds');
    await prepareBuildDir(dir);
    expect((await lstat(dir)).mode & 0o777).toBe(0o700);
    await prepareBuildDir(dir);
  });

  it('refuses a symbolic link, a world- or group-writable directory and a foreign owner, with the fix', async () => {
    const real = path.join(base, 'real');
    await mkdir(real, { mode: 0o700 });
    await symlink(real, path.join(base, 'link'));
    await expect(prepareBuildDir(path.join(base, 'link'))).rejects.toThrow(/is a symbolic link; point build_dir at a real directory/);

    const open = path.join(base, 'open');
    await mkdir(open);
    await chmod(open, 0o1777);
    await expect(prepareBuildDir(open)).rejects.toThrow(/writable by other users \(mode 777\); run chmod 700/);
    await chmod(open, 0o770);
    await expect(prepareBuildDir(open)).rejects.toThrow(/writable by other users/);

    if (process.getuid?.() === 0) {
      const foreign = path.join(base, 'foreign');
      await mkdir(foreign, { mode: 0o700 });
      await chown(foreign, 65534, 65534);
      await expect(prepareBuildDir(foreign)).rejects.toThrow(/owned by uid 65534, not by this server/);
    }
  });
});

describe('per-instance workspaces', () => {
  it('names workspaces after the instance and sweeps only its own', async () => {
    const dir = path.join(base, 'shared');
    const mine = await createWorkspaceDir(dir, 'b1', 'inst-a');
    const theirs = await createWorkspaceDir(dir, 'b1', 'inst-ab');
    const unlabelled = await createWorkspaceDir(dir, 'b1');
    expect(path.basename(mine.path)).toMatch(/^mcbuild@inst-a@b1-[0-9a-f]{12}$/);
    expect(await sweepStaleWorkspaces(dir, new Set(), 'inst-a')).toEqual([path.basename(mine.path)]);
    expect((await readdir(dir)).sort()).toEqual([path.basename(theirs.path), path.basename(unlabelled.path)].sort());
    expect(await sweepStaleWorkspaces(dir)).toEqual([path.basename(unlabelled.path)]);
    expect(await readdir(dir)).toEqual([path.basename(theirs.path)]);
    await expect(createWorkspaceDir(dir, 'b2', '../x')).rejects.toThrow(/instanceId/);
  });
});
