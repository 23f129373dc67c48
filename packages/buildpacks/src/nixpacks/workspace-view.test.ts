import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@mikrocloud/core';
import { createDirectoryView, createMemoryView } from './workspace-view.js';

describe('createMemoryView', () => {
  const view = createMemoryView({ 'a.txt': 'A', 'dir/b.txt': 'B', 'dir/sub/c.txt': 'C' });
  it('reads, lists and answers exists for implicit directories', async () => {
    expect(await view.readFile('./dir/b.txt')).toBe('B');
    expect(await view.exists('dir/sub')).toBe(true);
    expect(await view.list('.')).toEqual([{ name: 'a.txt', type: 'file' }, { name: 'dir', type: 'dir' }]);
    expect(await view.list('dir')).toEqual([{ name: 'b.txt', type: 'file' }, { name: 'sub', type: 'dir' }]);
  });
  it('refuses paths that leave the tree', async () => {
    for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'a\\b', 'a\0b']) {
      await expect(view.readFile(bad)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

describe('createDirectoryView', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mctest-view-'));
    outside = await mkdtemp(path.join(tmpdir(), 'mctest-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'host secret');
    await mkdir(path.join(root, 'app'));
    await writeFile(path.join(root, 'app', 'package.json'), '{}');
    await writeFile(path.join(root, 'big.txt'), 'x'.repeat(2048));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'requirements.txt'));
    await symlink(outside, path.join(root, 'public'));
    await symlink('app/package.json', path.join(root, 'package.json'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('follows links inside the tree and hides links that point outside it', async () => {
    const view = await createDirectoryView(root, { maxFileBytes: 1024 });
    expect(await view.readFile('package.json')).toBe('{}');
    expect(await view.exists('requirements.txt')).toBe(false);
    expect(await view.readFile('requirements.txt')).toBeUndefined();
    expect(await view.exists('public')).toBe(false);
    expect(await view.list('public')).toEqual([]);
    expect((await view.list('.')).map((e) => e.name)).toEqual(['app', 'big.txt', 'package.json']);
    expect(await view.readFile('big.txt')).toBeUndefined();
    await expect(view.readFile('../x')).rejects.toBeInstanceOf(ValidationError);
  });
});
