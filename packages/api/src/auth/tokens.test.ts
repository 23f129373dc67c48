import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSafeBind, defaultConfig, loadConfig, type MikrocloudConfig } from '../config.js';
import { impliedScopes, scopeGrants } from './scopes.js';
import { DEFAULT_TOKEN_NAME, loadTokens, tokenDigest } from './tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'mctest-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(tokens: MikrocloudConfig['server']['tokens'], token?: string): MikrocloudConfig {
  const config = defaultConfig({});
  config.server.tokens = tokens;
  if (token !== undefined) config.server.token = token;
  return config;
}

function tokenFile(name: string, text: string, mode: number): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

describe('scopes', () => {
  it('are ordered: each includes the ones before it', () => {
    expect(impliedScopes(['read'])).toEqual(['read']);
    expect(impliedScopes(['operate'])).toEqual(['read', 'operate']);
    expect(impliedScopes(['write'])).toEqual(['read', 'operate', 'write']);
    expect(impliedScopes(['admin'])).toEqual(['read', 'operate', 'write', 'admin']);
    expect(scopeGrants(['read'], 'operate')).toBe(false);
    expect(scopeGrants(['read', 'write'], 'operate')).toBe(true);
  });
});

describe('loadTokens', () => {
  it('keeps [server] token as "default" with every scope, and only digests', () => {
    const [token, ...rest] = loadTokens(configWith([], 'the-old-token'));
    expect(rest).toEqual([]);
    expect(token).toMatchObject({ name: DEFAULT_TOKEN_NAME, scopes: ['read', 'operate', 'write', 'admin'] });
    expect(token?.sha256.equals(tokenDigest('the-old-token'))).toBe(true);
    expect(JSON.stringify(token)).not.toContain('the-old-token');
  });

  it('reads a private token file (trimmed), an environment variable and a digest', () => {
    const file = tokenFile('ci.token', '  file-secret\n', 0o600);
    const digest = createHash('sha256').update('hashed-secret').digest('hex').toUpperCase();
    const tokens = loadTokens(
      configWith([
        { name: 'ci', scopes: ['write'], token_file: file },
        { name: 'watch', scopes: ['read'], token_env: 'WATCH_TOKEN' },
        { name: 'ops.team', scopes: ['operate'], token_sha256: digest },
      ]),
      { env: { WATCH_TOKEN: 'env-secret' } },
    );
    expect(tokens.map((t) => [t.name, t.scopes])).toEqual([
      ['ci', ['write']],
      ['watch', ['read']],
      ['ops.team', ['operate']],
    ]);
    expect(tokens[0]?.sha256.equals(tokenDigest('file-secret'))).toBe(true);
    expect(tokens[1]?.sha256.equals(tokenDigest('env-secret'))).toBe(true);
    expect(tokens[2]?.sha256.equals(tokenDigest('hashed-secret'))).toBe(true);
  });

  it('refuses a token file group or others can read, with the fix', () => {
    const file = tokenFile('shared.token', 'shared-secret', 0o644);
    expect(() => loadTokens(configWith([{ name: 'ci', scopes: ['read'], token_file: file }]))).toThrow(
      new RegExp(`server\\.tokens\\.0\\.token_file: .*mode 0644.*chmod 600 ${file}`),
    );
    chmodSync(file, 0o640);
    expect(() => loadTokens(configWith([{ name: 'ci', scopes: ['read'], token_file: file }]))).toThrow(/chmod 600/);
    // On Windows modes mean nothing.
    expect(loadTokens(configWith([{ name: 'ci', scopes: ['read'], token_file: file }]), { platform: 'win32' })).toHaveLength(1);
  });

  it('needs exactly one secret source', () => {
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'] }]))).toThrow(/server\.tokens\.0: token "a" needs exactly one of token_file, token_env, token_sha256/);
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'], token_env: 'X', token_sha256: 'a'.repeat(64) }]), { env: { X: 'x' } })).toThrow(
      /\(it has token_env, token_sha256\)/,
    );
  });

  it('refuses duplicate names (including "default" beside server.token), shared secrets, empty and missing ones', () => {
    const hash = 'b'.repeat(64);
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'], token_sha256: hash }, { name: 'a', scopes: ['read'], token_sha256: 'c'.repeat(64) }]))).toThrow(
      /server\.tokens\.1\.name: "a" is used by another token/,
    );
    expect(() => loadTokens(configWith([{ name: 'default', scopes: ['read'], token_sha256: hash }], 'old'))).toThrow(/server\.token is named "default"/);
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'], token_sha256: hash }, { name: 'b', scopes: ['admin'], token_sha256: hash }]))).toThrow(
      /token "b" has the same secret as token "a"/,
    );
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'], token_env: 'UNSET_VAR' }]), { env: {} })).toThrow(/UNSET_VAR is not set/);
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'], token_file: tokenFile('empty.token', ' \n', 0o600) }]))).toThrow(/is empty/);
    expect(() => loadTokens(configWith([{ name: 'a', scopes: ['read'], token_file: join(dir, 'missing') }]))).toThrow(/file not found/);
  });
});

describe('[[server.tokens]] and audit_retention_days in the configuration', () => {
  it('are read from a file, default to none and 90 days, and count as authentication for a public bind', () => {
    const file = join(dir, 'tokens.toml');
    writeFileSync(file, '[server]\nhost = "0.0.0.0"\naudit_retention_days = 30\n[[server.tokens]]\nname = "ci"\nscopes = ["write"]\ntoken_env = "CI_TOKEN"\n');
    const config = loadConfig({ file, env: {} });
    expect(config.server.tokens).toEqual([{ name: 'ci', scopes: ['write'], token_env: 'CI_TOKEN' }]);
    expect(config.server.audit_retention_days).toBe(30);
    expect(() => assertSafeBind(config)).not.toThrow();
    expect(defaultConfig({}).server).toMatchObject({ tokens: [], audit_retention_days: 90 });
  });

  it('name the field and the allowed scopes when an entry is wrong', () => {
    const file = join(dir, 'bad-tokens.toml');
    writeFileSync(file, '[[server.tokens]]\nname = "Bad Name"\nscopes = ["root"]\ntoken_env = "X"\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/server\.tokens\.0\.name: .*server\.tokens\.0\.scopes\.0: must be one of read, operate, write, admin/s);
  });
});
