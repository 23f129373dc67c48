import { describe, expect, it } from 'vitest';
import { cacheScopeOf } from './cache-scope.js';

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
});
