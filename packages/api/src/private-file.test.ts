import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateFileProblem } from './private-file.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-private-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, 's3cret');
  chmodSync(path, mode);
  return path;
}

describe('privateFileProblem', () => {
  it('accepts a private file of the server user, and a link to one (secret mounts are links)', () => {
    const secret = file('private', 0o600);
    const link = join(dir, 'private-link');
    symlinkSync(secret, link);
    expect(privateFileProblem(secret, 'the token')).toBeUndefined();
    expect(privateFileProblem(link, 'the token')).toBeUndefined();
  });

  it('checks the target of a link, names both and gives the fix for the target', () => {
    const shared = file('shared', 0o640);
    const link = join(dir, 'shared-link');
    symlinkSync(shared, link);
    expect(privateFileProblem(link, 'the token')).toBe(`${link} (a link to ${shared}) has mode 0640, so other users can read the token; run: chmod 600 ${shared}`);
  });

  it('refuses a directory, a missing file, a dangling link and a file of another user, never reading it', () => {
    const dangling = join(dir, 'dangling');
    symlinkSync(join(dir, 'nowhere'), dangling);
    expect(privateFileProblem(dir, 'the token')).toBe(`${dir} is not a regular file`);
    expect(privateFileProblem(join(dir, 'missing'), 'the token')).toBe(`cannot read ${join(dir, 'missing')}: file not found`);
    expect(privateFileProblem(dangling, 'the token')).toBe(`cannot read ${dangling}: file not found`);
    expect(privateFileProblem(file('theirs', 0o600), 'the token', { uid: 4242 })).toMatch(/belongs to user \d+, not to the server's user \(4242\)$/);
  });

  it('skips modes and owners on Windows, where they mean nothing', () => {
    expect(privateFileProblem(file('open', 0o644), 'the token', { platform: 'win32', uid: 4242 })).toBeUndefined();
  });
});
