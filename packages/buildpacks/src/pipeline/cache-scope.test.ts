import { describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import { buildCacheScope, cacheScopeOf } from './cache-scope.js';

describe('cacheScopeOf', () => {
  it('is one stable word per repository, whatever credentials the URL carries', () => {
    const scope = cacheScopeOf('https://github.com/acme/shop.git');
    expect(scope).toMatch(/^mikrocloud-[0-9a-f]{16}$/);
    expect(cacheScopeOf('https://user:secret@github.com/acme/shop')).toBe(scope);
    expect(cacheScopeOf('https://github.com/acme/shop/')).toBe(scope);
    expect(cacheScopeOf('https://github.com/acme/other.git')).not.toBe(scope);
    expect(cacheScopeOf('https://github.com/acme/shop.git', 'instance-b')).not.toBe(scope);
    expect(cacheScopeOf('git@github.com:acme/shop.git')).toMatch(/^mikrocloud-[0-9a-f]{16}$/);
  });

  it('differs for configurations whose commands differ, and ignores key order', () => {
    const repo = 'https://github.com/acme/shop.git';
    const plain = cacheScopeOf(repo, 'i', { build_command: 'npm run build' });
    expect(plain).toMatch(/^mikrocloud-[0-9a-f]{16}$/);
    expect(cacheScopeOf(repo, 'i', { build_command: 'go build -o /root/.cache/go-build/x ./...' })).not.toBe(plain);
    expect(cacheScopeOf(repo, 'i', { install_cmds: ['pip install evil'] })).not.toBe(cacheScopeOf(repo, 'i', { install_cmds: ['pip install -r requirements.txt'] }));
    expect(cacheScopeOf(repo, 'i', { a: 1, b: { c: 2, d: 3 } })).toBe(cacheScopeOf(repo, 'i', { b: { d: 3, c: 2 }, a: 1 }));
    expect(cacheScopeOf(repo, 'i', {})).not.toBe(cacheScopeOf(repo, 'i'));
  });
});

describe('buildCacheScope', () => {
  const manager = { buildFeatures: async () => ({ builder: 'buildkit', cacheMounts: true }) } as unknown as ContainerManager;
  const signal = new AbortController().signal;

  it('scopes the caches by the repository and the configuration', async () => {
    const config = { build_command: 'make' };
    expect(await buildCacheScope(manager, { gitRepo: 'https://x.test/a.git', config }, 'i', signal, () => {})).toBe(cacheScopeOf('https://x.test/a.git', 'i', config));
  });

  it('gives a no_cache build no scope, so no cache mounts', async () => {
    const lines: string[] = [];
    expect(await buildCacheScope(manager, { gitRepo: 'https://x.test/a.git', config: {}, noCache: true }, 'i', signal, (l) => lines.push(l))).toBeUndefined();
    expect(lines.join('\n')).toContain('no cache requested');
  });
});
