import { ConflictError, ForbiddenError, Labels, NotFoundError, ValidationError, type ImageInfo } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { checkForeignTags, checkPullPolicy, checkRegistryAllowed, normaliseRegistries, registryOf } from './policy.js';

describe('registryOf', () => {
  it.each([
    ['nginx:alpine', 'docker.io'],
    ['library/nginx', 'docker.io'],
    ['org/app:1', 'docker.io'],
    ['index.docker.io/library/nginx', 'docker.io'],
    ['ghcr.io/org/app:1', 'ghcr.io'],
    ['localhost/app', 'localhost'],
    ['registry.example.com:5000/a/b@sha256:' + 'a'.repeat(64), 'registry.example.com:5000'],
  ])('%s → %s', (image, registry) => {
    expect(registryOf(image)).toBe(registry);
  });

  it('refuses what is not an image reference', () => {
    expect(() => registryOf('Bad Image')).toThrow(ValidationError);
  });
});

describe('checkRegistryAllowed', () => {
  it('allows anything when the list is empty', () => {
    expect(() => checkRegistryAllowed('nginx', [])).not.toThrow();
  });

  it('refuses an image from another registry with a ForbiddenError naming it', () => {
    const allowed = normaliseRegistries(['GHCR.io', 'index.docker.io']);
    expect(allowed).toEqual(['ghcr.io', 'docker.io']);
    expect(() => checkRegistryAllowed('nginx:alpine', allowed)).not.toThrow();
    expect(() => checkRegistryAllowed('quay.io/a/b:1', allowed)).toThrow(ForbiddenError);
    expect(() => checkRegistryAllowed('quay.io/a/b:1', allowed)).toThrow('image "quay.io/a/b:1" comes from registry "quay.io"');
  });
});

describe('checkPullPolicy', () => {
  it('accepts the three policies and refuses others', () => {
    expect(checkPullPolicy('always')).toBe('always');
    expect(checkPullPolicy(undefined)).toBeUndefined();
    expect(() => checkPullPolicy('sometimes' as 'never')).toThrow(ValidationError);
  });
});

describe('checkForeignTags', () => {
  const image = (labels: Record<string, string>): ImageInfo => ({ id: 'sha256:1', tags: [], size_bytes: 0, created_at: '', labels });
  const store: Record<string, ImageInfo> = {
    'busybox:latest': image({}),
    'app:1': image({ [Labels.buildId]: 'b1' }),
  };
  const inspect = async (ref: string) => {
    const found = store[ref];
    if (!found) throw new NotFoundError(`image "${ref}" not found`);
    return found;
  };

  it('lets a build use absent tags and tags a build made', async () => {
    await expect(checkForeignTags(['new:1', 'app:1'], inspect)).resolves.toBeUndefined();
  });

  it('refuses a tag whose image lacks the build label, naming it', async () => {
    await expect(checkForeignTags(['app:1', 'busybox:latest'], inspect)).rejects.toBeInstanceOf(ConflictError);
    await expect(checkForeignTags(['busybox:latest'], inspect)).rejects.toThrow('tag "busybox:latest"');
  });
});
