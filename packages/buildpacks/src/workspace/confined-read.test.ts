import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../context/build-context.js';
import { createDirectoryView } from '../nixpacks/workspace-view.js';
import { fieldOf } from '../testing/support.js';
import { readConfinedFile, readConfinedText, walkInside } from './confine.js';
import { openWorkspace } from './workspace.js';

let base: string;
let root: string;
let outside: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mctest-read-')));
  root = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret'), 'host secret');
  await writeFile(path.join(root, 'sub', 'ok.txt'), 'inside');
  await writeFile(path.join(root, 'big'), Buffer.alloc(2048, 'a'));
  await symlink('/dev/zero', path.join(root, 'zero'));
  await symlink('../outside/secret', path.join(root, 'rel-secret'));
  await symlink('../outside', path.join(root, 'host-dir'));
  await symlink('../does-not-exist', path.join(root, 'host-missing'));
  await symlink('sub', path.join(root, 'inner'));
  await symlink('sub/../../outside/secret', path.join(root, 'twisty'));
  await symlink('loop', path.join(root, 'loop'));
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('readConfinedFile', () => {
  it('reads regular files inside the root, through links that stay inside', async () => {
    expect(await readConfinedText(root, 'sub/ok.txt')).toBe('inside');
    expect(await readConfinedText(root, 'inner/ok.txt')).toBe('inside');
    expect(await readConfinedText(root, './sub/../sub/ok.txt')).toBe('inside');
    expect(await readConfinedFile(root, 'missing.txt')).toBeUndefined();
  });

  it('refuses links out of the root, whether their target exists or not (no existence oracle)', async () => {
    for (const name of ['rel-secret', 'host-dir/secret', 'twisty', 'zero']) {
      expect(await fieldOf(readConfinedFile(root, name, { field: 'dockerignore' }))).toBe('dockerignore');
    }
    const a = await readConfinedFile(root, 'host-dir/x', { field: 'f' }).catch((e: Error) => e.message);
    const b = await readConfinedFile(root, 'host-missing/x', { field: 'f' }).catch((e: Error) => e.message);
    expect(a).toBe(b);
  });

  it('refuses FIFOs, directories, loops and files over the cap without blocking or reading them', async () => {
    await expect(readConfinedFile(root, 'fifo')).rejects.toThrow(/not a regular file/);
    await expect(readConfinedFile(root, 'sub')).rejects.toThrow(/not a regular file/);
    await expect(readConfinedFile(root, 'loop')).rejects.toThrow(/too many levels/);
    await expect(readConfinedFile(root, 'big', { maxBytes: 1024 })).rejects.toThrow(/larger than 1024 bytes/);
    expect((await readConfinedFile(root, 'big', { maxBytes: 4096 }))?.length).toBe(2048);
  });

  it('walks lexically: a missing path resolves inside, a climbing one is refused', async () => {
    expect(await walkInside(root, 'new/dir', 'p')).toEqual({ path: path.join(root, 'new/dir'), exists: false });
    await expect(walkInside(root, '../x', 'p')).rejects.toThrow(/must stay inside/);
    await expect(walkInside(root, 'inner/../../x', 'p')).rejects.toThrow(/must stay inside/);
    await expect(walkInside(root, 'twisty', 'p')).rejects.toThrow(/leads outside the repository/);
  });
});

describe('every reader of a checkout uses the confined read', () => {
  it('BuildWorkspace.readText refuses /dev/zero and host files', async () => {
    const workspace = await openWorkspace(root);
    await expect(workspace.readText('zero', 'compose_config.compose_file')).rejects.toThrow(/leads outside the repository/);
    await expect(workspace.readText('rel-secret', 'dockerfile_config.dockerfile_path')).rejects.toThrow(/leads outside the repository/);
    expect(await workspace.exists('host-dir').catch(() => 'refused')).toBe('refused');
  });

  it('.dockerignore and <Dockerfile>.dockerignore linked out of the context fail the listing', async () => {
    const ctx = path.join(base, 'ctx');
    await mkdir(ctx);
    await writeFile(path.join(ctx, 'Dockerfile'), 'FROM scratch\n');
    await symlink('/dev/zero', path.join(ctx, '.dockerignore'));
    await expect(listBuildContext({ dir: ctx })).rejects.toThrow(/\.dockerignore.*leads outside the repository/);
    await rm(path.join(ctx, '.dockerignore'));
    await symlink('../outside/secret', path.join(ctx, 'Dockerfile.dockerignore'));
    await expect(listBuildContext({ dir: ctx })).rejects.toThrow(/leads outside the repository/);
  });

  it('the nixpacks view reads links out, FIFOs and devices as absent', async () => {
    const view = await createDirectoryView(root);
    for (const name of ['zero', 'fifo', 'rel-secret', 'host-dir/secret', 'twisty']) expect(await view.readFile(name)).toBeUndefined();
    expect(await view.exists('host-dir')).toBe(false);
    expect(await view.exists('host-missing')).toBe(false);
    expect(await view.readFile('inner/ok.txt')).toBe('inside');
  });
});
