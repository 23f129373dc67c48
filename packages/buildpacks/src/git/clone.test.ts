import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError, CancelledError, ValidationError } from '@mikrocloud/core';
import { makeRepo, tempDir } from '../testing/support.js';
import { createWorkspaceDir } from '../workspace/workspace.js';
import { cloneRepository, gitEnvironment } from './clone.js';
import { parseRepoUrl } from './repo-url.js';

let base: string;
let repo: Awaited<ReturnType<typeof makeRepo>>;
beforeAll(async () => {
  base = await tempDir('clone');
  repo = await makeRepo({ 'README.md': 'hi', 'big.bin': 'x'.repeat(200_000) }, { branch: 'trunk' });
});
afterAll(async () => {
  await repo?.cleanup();
  await rm(base, { recursive: true, force: true });
});

async function workspace() {
  return createWorkspaceDir(base, 'clone-test');
}

describe('gitEnvironment', () => {
  it('locks git down and keeps the token off the command line', () => {
    const env = gitEnvironment({ homeDir: '/tmp/empty', allowedProtocols: ['https'], credentials: { urlPrefix: 'https://github.com/', token: 'ghp_secret' } });
    expect(env).toMatchObject({ HOME: '/tmp/empty', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: 'https' });
    const config = Object.fromEntries(
      Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]),
    );
    expect(config).toMatchObject({ 'protocol.ext.allow': 'never', 'core.hooksPath': '/dev/null', 'credential.helper': '' });
    expect(config['http.https://github.com/.extraHeader']).toBe(`Authorization: Basic ${Buffer.from('x-access-token:ghp_secret').toString('base64')}`);
    expect(Object.keys(env)).not.toContain('SSH_AUTH_SOCK');
  });
});

describe('cloneRepository', () => {
  it('clones the default branch shallowly and returns its commit', async () => {
    const ws = await workspace();
    try {
      const lines: string[] = [];
      const result = await cloneRepository({ location: parseRepoUrl(repo.url, ['file']), dir: ws.repoDir, homeDir: ws.homeDir, allowedProtocols: ['file'], onLog: (l) => lines.push(l) });
      expect(result.commit).toBe(repo.commit);
      expect(existsSync(path.join(ws.repoDir, 'README.md'))).toBe(true);
      expect(lines.join('\n')).toContain(`Checked out ${repo.commit}`);
    } finally {
      await ws.dispose();
    }
  });

  it('refuses bad refs before git runs, and unknown branches with a redacted BuildError', async () => {
    const ws = await workspace();
    try {
      const location = parseRepoUrl(repo.url, ['file']);
      await expect(cloneRepository({ location, dir: ws.repoDir, homeDir: ws.homeDir, allowedProtocols: ['file'], branch: '--upload-pack=touch /tmp/pwned' })).rejects.toBeInstanceOf(ValidationError);
      expect(existsSync(ws.repoDir)).toBe(false);
      await expect(cloneRepository({ location, dir: ws.repoDir, homeDir: ws.homeDir, allowedProtocols: ['file'], branch: 'missing' })).rejects.toBeInstanceOf(BuildError);
    } finally {
      await ws.dispose();
    }
  });

  it('lets git itself refuse transports outside GIT_ALLOW_PROTOCOL (defence in depth)', async () => {
    const ws = await workspace();
    const marker = path.join(base, 'pwned');
    try {
      // A location that bypassed parseRepoUrl: git must still refuse to run the ext:: helper.
      const location = { url: `ext::sh -c touch% ${marker}`, protocol: 'file' as const, path: '' };
      await expect(cloneRepository({ location, dir: ws.repoDir, homeDir: ws.homeDir, allowedProtocols: ['file'] })).rejects.toThrow(/git clone failed/);
      expect(existsSync(marker)).toBe(false);
      await expect(cloneRepository({ location: parseRepoUrl(repo.url, ['file']), dir: ws.repoDir, homeDir: ws.homeDir, allowedProtocols: ['https'] })).rejects.toBeInstanceOf(ValidationError);
    } finally {
      await ws.dispose();
    }
  });

  it('refuses repositories over the size cap, and stops when aborted', async () => {
    const ws = await workspace();
    try {
      const location = parseRepoUrl(repo.url, ['file']);
      await expect(cloneRepository({ location, dir: ws.repoDir, homeDir: ws.homeDir, allowedProtocols: ['file'], maxBytes: 100_000 })).rejects.toThrow(/larger than the limit/);
      const controller = new AbortController();
      controller.abort();
      await expect(cloneRepository({ location, dir: path.join(ws.path, 'other'), homeDir: ws.homeDir, allowedProtocols: ['file'], signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    } finally {
      await ws.dispose();
    }
  });
});
