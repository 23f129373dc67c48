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
});
