import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import dockerignore from '@balena/dockerignore';
import { BuildError } from '@mikrocloud/core';
import tar from 'tar-stream';
import { readConfinedText } from '../workspace/confine.js';

// The package is CommonJS with `module.exports = factory`; its typings declare a default export.
const createIgnore = (typeof dockerignore === 'function' ? dockerignore : dockerignore.default) as typeof dockerignore.default;

/** One entry of a build context, named as the engine will see it (`dir/file`, POSIX separators). */
export interface ContextEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** Absolute path on disk (undefined for generated files). */
  source?: string;
  size: number;
  mode: number;
  mtime: Date;
  linkname?: string;
  /** Content of a generated file. */
  content?: Buffer;
}

export interface BuildContextOptions {
  /** Absolute path of the context directory. */
  dir: string;
  /** Path of the Dockerfile relative to `dir`; kept even when .dockerignore excludes it, as Docker does. */
  dockerfile?: string;
  /**
   * Absolute path of the ignore file to apply. Default: `<dockerfile>.dockerignore` next to the
   * Dockerfile when it exists, else `<dir>/.dockerignore`.
   */
  ignoreFile?: string;
  /** Generated files added to the context (relative name → content); they replace files of that name. */
  extraFiles?: Record<string, string | Buffer>;
  /** Largest total size of file content accepted. Default 2 GiB. */
  maxBytes?: number;
  /** Leave out the top-level `.git` directory. Default true. */
  excludeGit?: boolean;
}

/** Parses .dockerignore text into patterns the way the Docker CLI does. */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    line = path.posix.normalize(line.replace(/^\/+/, ''));
    if (line === '.' || line === '') continue;
    patterns.push(negate ? `!${line}` : line);
  }
  return patterns;
}

/** Largest ignore file read: 1 MiB, like every configuration file of a checkout. */
const MAX_IGNORE_BYTES = 1024 * 1024;

// Ignore files are repository content: read confined (no link out of `dir`, regular file, capped).
async function readIgnoreFile(dir: string, relPath: string): Promise<string[] | undefined> {
  const text = await readConfinedText(dir, relPath, { field: relPath, maxBytes: MAX_IGNORE_BYTES });
  return text === undefined ? undefined : parseDockerignore(text);
}

/**
 * Lists what a build context holds: the files under `dir` minus what .dockerignore excludes,
 * the Dockerfile and .dockerignore always kept (as the Docker CLI does), symbolic links kept as
 * links (never followed), plus generated files. Throws BuildError when the context is too big.
 */
export async function listBuildContext(options: BuildContextOptions): Promise<ContextEntry[]> {
  const dir = options.dir;
  const dockerfile = options.dockerfile ? path.posix.normalize(options.dockerfile) : 'Dockerfile';
  let patterns = options.ignoreFile ? await readIgnoreFile(path.dirname(options.ignoreFile), path.basename(options.ignoreFile)) : undefined;
  if (!options.ignoreFile) {
    patterns = (await readIgnoreFile(dir, `${dockerfile}.dockerignore`)) ?? (await readIgnoreFile(dir, '.dockerignore'));
  }
  patterns = patterns ?? [];
  if (patterns.length > 0) patterns.push('!.dockerignore', `!${dockerfile}`);
  const ignore = createIgnore().add(patterns);
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  const extra = new Map(Object.entries(options.extraFiles ?? {}).map(([name, content]) => [path.posix.normalize(name), content]));
  const maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  const excludeGit = options.excludeGit ?? true;

  const entries: ContextEntry[] = [];
  let total = 0;
  const walk = async (relDir: string): Promise<void> => {
    const names = (await readdir(path.join(dir, relDir))).sort();
    for (const name of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      if (excludeGit && rel === '.git') continue;
      if (extra.has(rel)) continue;
      const source = path.join(dir, rel);
      const info = await lstat(source);
      const ignored = patterns!.length > 0 && ignore.ignores(rel);
      if (info.isDirectory()) {
        // An excluded directory is still walked when an exception might re-include a child.
        if (ignored && !hasExceptions) continue;
        if (!ignored) entries.push({ name: rel, type: 'directory', source, size: 0, mode: info.mode & 0o7777, mtime: info.mtime });
        await walk(rel);
        continue;
      }
      if (ignored) continue;
      if (info.isSymbolicLink()) {
        entries.push({ name: rel, type: 'symlink', source, size: 0, mode: info.mode & 0o7777, mtime: info.mtime, linkname: await readlink(source) });
      } else if (info.isFile()) {
        total += info.size;
        if (total > maxBytes) throw new BuildError(`the build context is larger than the limit of ${maxBytes} bytes`);
        entries.push({ name: rel, type: 'file', source, size: info.size, mode: info.mode & 0o7777, mtime: info.mtime });
      }
      // Sockets, FIFOs and devices have no place in a build context.
    }
  };
  await walk('');
  const now = new Date();
  const addedDirs = new Set(entries.filter((e) => e.type === 'directory').map((e) => e.name));
  for (const [name, value] of extra) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!addedDirs.has(parent)) {
        addedDirs.add(parent);
        entries.push({ name: parent, type: 'directory', size: 0, mode: 0o755, mtime: now });
      }
    }
    const content = typeof value === 'string' ? Buffer.from(value) : value;
    total += content.length;
    entries.push({ name, type: 'file', size: content.length, mode: 0o644, mtime: now, content });
  }
  if (total > maxBytes) throw new BuildError(`the build context is larger than the limit of ${maxBytes} bytes`);
  return entries;
}

/** Streams the listed entries as a tar archive, reading each file only when its turn comes. */
export function packBuildContext(entries: readonly ContextEntry[]): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const entry of entries) {
      const header = { name: entry.name, mode: entry.mode, mtime: entry.mtime, uid: 0, gid: 0 };
      if (entry.type === 'directory') {
        await new Promise<void>((resolve, reject) => pack.entry({ ...header, type: 'directory' }, (e) => (e ? reject(e) : resolve())));
      } else if (entry.type === 'symlink') {
        await new Promise<void>((resolve, reject) =>
          pack.entry({ ...header, type: 'symlink', linkname: entry.linkname ?? '' }, (e) => (e ? reject(e) : resolve())),
        );
      } else if (entry.content) {
        await new Promise<void>((resolve, reject) => pack.entry({ ...header, type: 'file', size: entry.size }, entry.content!, (e) => (e ? reject(e) : resolve())));
      } else {
        // A file that grew or shrank since it was listed makes tar-stream fail the entry: good.
        await pipeline(createReadStream(entry.source!), pack.entry({ ...header, type: 'file', size: entry.size }));
      }
    }
    pack.finalize();
  })().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
  return pack as unknown as Readable;
}

/** Lists and streams a build context in one call. */
export async function createBuildContext(options: BuildContextOptions): Promise<{ stream: Readable; entries: ContextEntry[] }> {
  const entries = await listBuildContext(options);
  return { stream: packBuildContext(entries), entries };
}
