import { describe, expect, it } from 'vitest';
import { validateContainerConfig } from './container-config.js';
import { ValidationError } from './errors.js';
import { checkAbsolutePath, validateNetworkConnection, validateNetworkSpec, validateVolumeSpec } from './storage-config.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems.map((p) => p.field);
  }
  throw new Error('expected a ValidationError');
}

describe('mounts and networks in a container configuration', () => {
  it('accepts volumes, tmpfs, binds and networks with aliases', () => {
    const config = validateContainerConfig({
      image: 'busybox',
      mounts: [
        { type: 'volume', source: 'data', target: '/data', read_only: true },
        { type: 'tmpfs', target: '/tmp', size_mb: 16 },
        { type: 'bind', source: '/srv/app', target: '/app' },
      ],
      networks: [{ name: 'backend', aliases: ['db', 'db.local'] }, { name: 'front' }],
    });
    expect(config.mounts).toHaveLength(3);
  });

  it('names every bad field', () => {
    expect(
      fieldsOf(() =>
        validateContainerConfig({
          image: 'busybox',
          mounts: [
            { type: 'volume', source: '-x', target: '/' },
            { type: 'bind', source: '/srv/../etc', target: '/a' },
            { type: 'bind', source: 'relative', target: '/b' },
            { type: 'tmpfs', target: '/c/./d', source: 'x' },
            { type: 'bind', target: '/e', size_mb: 2 },
          ],
        }),
      ),
    ).toEqual([
      'mounts.0.target',
      'mounts.0.source',
      'mounts.1.source',
      'mounts.2.source',
      'mounts.3.target',
      'mounts.3.source',
      'mounts.4.source',
      'mounts.4.size_mb',
    ]);
    expect(
      fieldsOf(() =>
        validateContainerConfig({ image: 'busybox', mounts: [{ type: 'tmpfs', target: '/a', size_mb: 0 }, { type: 'nfs', target: '/b' }, { type: 'bind', source: '/x', target: '/c', extra: 1 }] }),
      ),
    ).toEqual(['mounts.0.size_mb', 'mounts.1.type', 'mounts.2.extra']);
    expect(
      fieldsOf(() =>
        validateContainerConfig({ image: 'busybox', networks: [{ name: 'ok', aliases: ['bad alias'] }, { name: '_bad' }, { name: 'ok' }] }),
      ),
    ).toEqual(['networks.0.aliases.0', 'networks.1.name', 'networks.2.name']);
    expect(fieldsOf(() => validateContainerConfig({ image: 'busybox', mounts: [{ type: 'tmpfs', target: '/a' }, { type: 'tmpfs', target: '/a' }] }))).toEqual([
      'mounts.1.target',
    ]);
  });

  it('checks host paths for form', () => {
    expect(checkAbsolutePath('/srv/app')).toBeUndefined();
    expect(checkAbsolutePath('/srv//app')).toMatch(/normalised/);
    expect(checkAbsolutePath('/srv/app/')).toMatch(/end with/);
    expect(checkAbsolutePath('/srv/./app')).toMatch(/normalised/);
    expect(checkAbsolutePath('/srv/..')).toMatch(/\.\./);
  });
});

describe('volume and network specs', () => {
  it('checks names, reserved names and labels', () => {
    expect(validateVolumeSpec(undefined)).toEqual({});
    expect(fieldsOf(() => validateVolumeSpec({ name: 'a' }))).toEqual(['name']);
    expect(fieldsOf(() => validateVolumeSpec({ labels: { 'io.mikrocloud.managed': 'x' } }))).toEqual(['labels.io.mikrocloud.managed']);
    for (const name of ['bridge', 'host', 'none']) expect(fieldsOf(() => validateNetworkSpec({ name }))).toEqual(['name']);
    expect(fieldsOf(() => validateNetworkSpec({ name: 'a b', internal: 'yes' }))).toEqual(['internal']);
    expect(fieldsOf(() => validateNetworkSpec({ name: 'a b' }))).toEqual(['name']);
    expect(validateNetworkSpec({ name: 'backend', internal: true })).toEqual({ name: 'backend', internal: true });
  });

  it('checks connect bodies', () => {
    expect(fieldsOf(() => validateNetworkConnection({ container: 'a b', aliases: ['-x'] }))).toEqual(['container', 'aliases.0']);
    expect(validateNetworkConnection({ container: 'web', aliases: ['www'] })).toEqual({ container: 'web', aliases: ['www'] });
  });
});
