import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegistryAuth, createCredentialStore, loadDockerConfigCredentials, registryAuthHeader, registryKey } from './registry-auth.js';

const decode = (header: string) => JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, string>;

describe('registryAuthHeader', () => {
  it('encodes user and password with the registry as server address, padded', () => {
    const header = registryAuthHeader({ username: 'u', password: 'p?>' }, 'localhost:5443');
    expect(header).not.toMatch(/[+/]/);
    expect(header.length % 4).toBe(0);
    expect(decode(header)).toEqual({ username: 'u', password: 'p?>', serveraddress: 'localhost:5443' });
  });

  it('encodes an identity token, Docker Hub by its index address, and nothing as {}', () => {
    expect(decode(registryAuthHeader({ identity_token: 'tok' }, 'docker.io'))).toEqual({ identitytoken: 'tok', serveraddress: 'https://index.docker.io/v1/' });
    expect(decode(registryAuthHeader(undefined, 'docker.io'))).toEqual({});
  });
});

describe('checkRegistryAuth', () => {
  it('accepts both shapes and names the field without echoing values', () => {
    expect(checkRegistryAuth({ username: 'u', password: 'p' })).toEqual({ username: 'u', password: 'p' });
    expect(checkRegistryAuth({ identity_token: 't', server_address: 'ghcr.io' })).toEqual({ identity_token: 't', server_address: 'ghcr.io' });
    let caught: unknown;
    try {
      checkRegistryAuth({ username: 'u', password: 'hunter2-secret', extra: 1 });
    } catch (err) {
      caught = err;
    }
    expect((caught as { status: number }).status).toBe(400);
    expect(JSON.stringify(caught)).toContain('"auth"');
    expect(JSON.stringify(caught)).not.toContain('hunter2-secret');
  });
});

describe('registryKey', () => {
  it('reduces config.json keys to registry hosts', () => {
    expect(registryKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(registryKey('registry-1.docker.io')).toBe('docker.io');
    expect(registryKey('https://GHCR.io')).toBe('ghcr.io');
    expect(registryKey('localhost:5443')).toBe('localhost:5443');
  });
});

describe('createCredentialStore', () => {
  it('answers by registry host', async () => {
    const store = createCredentialStore({ 'https://index.docker.io/v1/': { username: 'hub', password: 'x' } });
    expect(await store.get('docker.io')).toEqual({ username: 'hub', password: 'x' });
    expect(await store.get('ghcr.io')).toBeUndefined();
  });
});

describe('loadDockerConfigCredentials', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mikrocloud-test-auth-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, content: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
    return file;
  };

  it('reads auths entries: base64 user:password (a colon in the password kept) and identity tokens', async () => {
    const file = await write('config.json', {
      auths: {
        'localhost:5443': { auth: Buffer.from('alice:pa:ss').toString('base64') },
        'https://index.docker.io/v1/': { identitytoken: 'hub-token' },
        'marker.example': {},
      },
    });
    const store = await loadDockerConfigCredentials(file);
    expect(await store.get('localhost:5443')).toEqual({ username: 'alice', password: 'pa:ss', server_address: 'localhost:5443' });
    expect(await store.get('docker.io')).toEqual({ identity_token: 'hub-token', server_address: 'https://index.docker.io/v1/' });
    expect(await store.get('marker.example')).toBeUndefined();
  });

  it('asks credential helpers, per registry first, then credsStore; <token> means an identity token', async () => {
    const file = await write('helpers.json', { credHelpers: { 'ghcr.io': 'gh' }, credsStore: 'desktop', auths: { 'localhost:5443': { auth: Buffer.from('a:b').toString('base64') } } });
    const asked: string[] = [];
    const store = await loadDockerConfigCredentials(file, {
      runHelper: async (helper, server) => {
        asked.push(`${helper} ${server}`);
        return helper === 'gh' ? JSON.stringify({ ServerURL: server, Username: 'octo', Secret: 'gh-secret' }) : JSON.stringify({ Username: '<token>', Secret: 'idt' });
      },
    });
    expect(await store.get('ghcr.io')).toEqual({ username: 'octo', password: 'gh-secret', server_address: 'ghcr.io' });
    expect(await store.get('quay.io')).toEqual({ identity_token: 'idt', server_address: 'quay.io' });
    expect(await store.get('localhost:5443')).toEqual({ username: 'a', password: 'b', server_address: 'localhost:5443' });
    expect(asked).toEqual(['gh ghcr.io', 'desktop quay.io']);
  });

  it('refuses helper names that are not names, and unreadable files, naming the path but not the content', async () => {
    const bad = await write('bad-helper.json', { credHelpers: { 'ghcr.io': '../../bin/sh' } });
    await expect(loadDockerConfigCredentials(bad)).rejects.toMatchObject({ status: 400 });
    const broken = await write('broken.json', '{"auths": {"x": {"auth": "c2VjcmV0LXZhbHVl"');
    const err = await loadDockerConfigCredentials(broken).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('broken.json');
    expect(JSON.stringify(err)).not.toContain('c2VjcmV0LXZhbHVl');
    await expect(loadDockerConfigCredentials(path.join(dir, 'absent.json'))).rejects.toMatchObject({ status: 400 });
  });
});
