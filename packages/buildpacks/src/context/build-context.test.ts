import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { BuildError } from '@mikrocloud/core';
import { createBuildContext, listBuildContext, parseDockerignore } from './build-context.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mctest-context-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(tree: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

const names = async (opts: Partial<Parameters<typeof listBuildContext>[0]> = {}) =>
  (await listBuildContext({ dir, ...opts })).filter((e) => e.type !== 'directory').map((e) => e.name).sort();

describe('parseDockerignore', () => {
  it('handles comments, blank lines, leading slashes and exceptions', () => {
    expect(parseDockerignore('# c\n\n/node_modules\n  *.log  \n!keep.log\n./a/../b\n')).toEqual(['node_modules', '*.log', '!keep.log', 'b']);
  });
});

describe('listBuildContext', () => {
  it('sends everything but .git when there is no .dockerignore', async () => {
    await files({ Dockerfile: 'FROM x', 'src/a.js': '1', '.git/HEAD': 'ref', '.env': 'S=1' });
    expect(await names()).toEqual(['.env', 'Dockerfile', 'src/a.js']);
  });

  it('honours .dockerignore like Docker: directories, globs, **, exceptions, and keeps the Dockerfile', async () => {
    await files({
      Dockerfile: 'FROM x',
      '.dockerignore': 'node_modules\n*.log\n!important.log\n**/*.tmp\nDockerfile\n.dockerignore\nsecret/\ndocs/*\n!docs/keep.md\n',
      'node_modules/x/index.js': '',
      'a.log': '',
      'important.log': '',
      'deep/er/x.tmp': '',
      'deep/er/y.txt': '',
      'secret/key': '',
      'docs/a.md': '',
      'docs/keep.md': '',
      'src/main.js': '',
    });
    expect(await names()).toEqual(['.dockerignore', 'Dockerfile', 'deep/er/y.txt', 'docs/keep.md', 'important.log', 'src/main.js']);
  });

  it('prefers <Dockerfile>.dockerignore', async () => {
    await files({ 'app.Dockerfile': 'FROM x', 'app.Dockerfile.dockerignore': 'b', '.dockerignore': 'a', a: '', b: '' });
    expect(await names({ dockerfile: 'app.Dockerfile' })).toEqual(['.dockerignore', 'a', 'app.Dockerfile', 'app.Dockerfile.dockerignore']);
  });

  it('stores symlinks as links and never follows them', async () => {
    await files({ Dockerfile: 'FROM x' });
    await symlink('/etc', path.join(dir, 'etc-link'));
    await symlink('/etc/passwd', path.join(dir, 'passwd'));
    const entries = await listBuildContext({ dir });
    expect(entries.find((e) => e.name === 'passwd')).toMatchObject({ type: 'symlink', linkname: '/etc/passwd' });
    expect(entries.find((e) => e.name === 'etc-link')).toMatchObject({ type: 'symlink', linkname: '/etc' });
    expect(entries.some((e) => e.name.startsWith('etc-link/'))).toBe(false);
  });

  it('adds generated files, replacing files of the same name', async () => {
    await files({ '.mikrocloud/Dockerfile': 'evil', 'index.html': 'hi' });
    const entries = await listBuildContext({ dir, extraFiles: { '.mikrocloud/Dockerfile': 'FROM good' } });
    const generated = entries.filter((e) => e.name === '.mikrocloud/Dockerfile');
    expect(generated).toHaveLength(1);
    expect(generated[0]?.content?.toString()).toBe('FROM good');
  });

  it('refuses contexts over the size cap', async () => {
    await files({ big: 'x'.repeat(2000) });
    await expect(listBuildContext({ dir, maxBytes: 1000 })).rejects.toBeInstanceOf(BuildError);
  });

  it('streams a tar whose entries match the listing', async () => {
    await files({ Dockerfile: 'FROM x', 'src/a.js': 'console.log(1)' });
    await symlink('src/a.js', path.join(dir, 'link'));
    const { stream } = await createBuildContext({ dir });
    const extract = tar.extract();
    stream.pipe(extract);
    const seen: string[] = [];
    for await (const entry of extract) {
      let body = '';
      for await (const chunk of entry) body += chunk;
      seen.push(`${entry.header.type}:${entry.header.name}:${entry.header.linkname ?? body}`);
    }
    expect(seen.sort()).toEqual(['directory:src:', 'file:Dockerfile:FROM x', 'file:src/a.js:console.log(1)', 'symlink:link:src/a.js'].sort());
  });
});
