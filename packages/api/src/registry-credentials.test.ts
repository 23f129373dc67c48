import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from './config/defaults.js';
import type { MikrocloudConfig } from './config/schema.js';
import { loadRegistryCredentials } from './registry-credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-registry-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const configWith = (file: string): MikrocloudConfig => {
  const config = defaultConfig({});
  config.docker.registry_auth_file = file;
  return config;
};
const secret = JSON.stringify({ auths: { 'registry.example.test': { auth: Buffer.from('user:s3cret-password').toString('base64') } } });

describe('[docker] registry_auth_file', () => {
  it('reads a private file of the server user', async () => {
    const file = join(dir, 'private.json');
    writeFileSync(file, secret, { mode: 0o600 });
    expect(await loadRegistryCredentials(configWith(file))).toBeDefined();
  });

  it('refuses a link to a shared file, a file others can read and a file of another user, never showing its content', async () => {
    const target = join(dir, 'target.json');
    writeFileSync(target, secret, { mode: 0o600 });
    const shared = join(dir, 'shared.json');
    writeFileSync(shared, secret);
    chmodSync(shared, 0o644);
    const link = join(dir, 'link.json');
    symlinkSync(shared, link);
    const cases: [string, RegExp, number?][] = [
      [link, /link\.json \(a link to .*shared\.json\) has mode 0644.*chmod 600 .*shared\.json/],
      [dir, /not a regular file/],
      [shared, /chmod 600/],
      [target, /belongs to user \d+, not to the server's user/, 4242],
      [join(dir, 'missing.json'), /file not found/],
    ];
    for (const [file, message, uid] of cases) {
      const load = loadRegistryCredentials(configWith(file), uid === undefined ? {} : { uid });
      await expect(load).rejects.toMatchObject({ details: [{ field: 'docker.registry_auth_file', message: expect.stringMatching(message) }] });
      await expect(load).rejects.not.toThrow(/s3cret-password|dXNlcjpzM2NyZXQ/);
    }
  });
});
