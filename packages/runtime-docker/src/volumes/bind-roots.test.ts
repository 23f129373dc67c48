import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@mikrocloud/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerContainerManager } from '../docker-container-manager.js';
import { checkBindRoots, isUnder, resolveBindSource } from './bind-roots.js';

const base = mkdtempSync(join(tmpdir(), 'mc-bind-'));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(join(root, 'app'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'app', 'file'), 'x');
symlinkSync(outside, join(root, 'escape'));
symlinkSync(join(root, 'app'), join(root, 'inside'));
symlinkSync(join(root, 'app'), join(base, 'link-in'));

afterAll(() => rmSync(base, { recursive: true, force: true }));

async function problem(source: string, roots: string[] = [root]): Promise<string> {
  const err = await resolveBindSource(source, roots, 'mounts.0.source').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  const [first] = (err as ValidationError).problems;
  expect(first?.field).toBe('mounts.0.source');
  return first?.message ?? '';
}

describe('bind roots', () => {
  it('refuses every bind mount when no root is configured', async () => {
    expect(await problem(join(root, 'app'), [])).toMatch(/disabled.*allowed_bind_roots/);
  });

  it('resolves a path under a root, links inside it included', async () => {
    await expect(resolveBindSource(join(root, 'app'), [root], 'f')).resolves.toBe(join(root, 'app'));
    await expect(resolveBindSource(join(root, 'inside'), [root], 'f')).resolves.toBe(join(root, 'app'));
    await expect(resolveBindSource(join(root, 'app', 'file'), [root], 'f')).resolves.toBe(join(root, 'app', 'file'));
  });

  it('refuses paths outside, links pointing out, climbing, missing paths', async () => {
    expect(await problem(outside)).toMatch(/not under an allowed bind root/);
    expect(await problem(`${root}-sibling`)).toMatch(/not under an allowed bind root/);
    expect(await problem(join(root, 'escape'))).toMatch(/resolves to .* outside/);
    expect(await problem(join(base, 'link-in'))).toMatch(/not under an allowed bind root/);
    expect(await problem(`${root}/app/../../outside`)).toMatch(/\.\./);
    expect(await problem(join(root, 'nope'))).toMatch(/does not exist/);
    expect(await problem(`${root}/app\0`)).toMatch(/NUL/);
  });

  it('checks the configured roots', () => {
    expect(checkBindRoots(undefined)).toEqual([]);
    expect(() => checkBindRoots(['/'])).toThrow(/allowedBindRoots\.0/);
    expect(() => checkBindRoots(['/srv', 'relative'])).toThrow(/allowedBindRoots\.1/);
    expect(() => checkBindRoots(['/srv/../etc'])).toThrow(ValidationError);
    expect(() => new DockerContainerManager({ allowedBindRoots: ['/'] })).toThrow(/allowedBindRoots/);
    expect(isUnder('/srv/a', '/srv')).toBe(true);
    expect(isUnder('/srv', '/srv')).toBe(true);
    expect(isUnder('/srvx', '/srv')).toBe(false);
  });
});
