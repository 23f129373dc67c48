import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildahCacheMountsUsable } from './cache-mounts.js';

const enoent = () => Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' }));

describe('buildahCacheMountsUsable', () => {
  it('never for a rootless service', async () => {
    expect(await buildahCacheMountsUsable(true, enoent)).toBe(false);
  });

  it('for a rootful service while the shared directory is absent or root-only', async () => {
    expect(await buildahCacheMountsUsable(false, enoent)).toBe(true);
    expect(await buildahCacheMountsUsable(false, async () => ({ uid: 0, mode: 0o40755 }))).toBe(true);
  });

  it('not when another user owns the directory or may write to it', async () => {
    expect(await buildahCacheMountsUsable(false, async () => ({ uid: 1001, mode: 0o40755 }))).toBe(false);
    expect(await buildahCacheMountsUsable(false, async () => ({ uid: 0, mode: 0o41777 }))).toBe(false);
    expect(await buildahCacheMountsUsable(false, () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })))).toBe(false);
  });

  it('not when a symlink or a file stands at the path', async () => {
    expect(await buildahCacheMountsUsable(false, async () => ({ uid: 0, mode: 0o120755 }))).toBe(false);
    expect(await buildahCacheMountsUsable(false, async () => ({ uid: 0, mode: 0o100644 }))).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-cache-'));
    try {
      // Checked with lstat: a link to a root-only directory is still a link.
      symlinkSync('/', join(dir, 'link'));
      writeFileSync(join(dir, 'file'), '');
      expect(await buildahCacheMountsUsable(false, undefined, join(dir, 'link'))).toBe(false);
      expect(await buildahCacheMountsUsable(false, undefined, join(dir, 'file'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
