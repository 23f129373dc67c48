import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '@mikrocloud/core';
import { readConfinedText, walkInside } from '../workspace/confine.js';

/** One entry of a directory listing. */
export interface ViewEntry {
  name: string;
  type: 'file' | 'dir';
}

/**
 * A read-only window on an app's source tree. Paths are relative POSIX paths (`src/main.go`,
 * `.` for the root); nothing outside the tree can be named, so providers can be handed
 * untrusted repositories and unit-tested with in-memory fixtures alike.
 */
export interface WorkspaceView {
  /** Whether a file or directory exists at `relPath`. */
  exists(relPath: string): Promise<boolean>;
  /** The file's text, or undefined when it is absent, a directory, or larger than the view's limit. */
  readFile(relPath: string): Promise<string | undefined>;
  /** The entries of a directory (empty when absent), sorted by name. */
  list(relPath: string): Promise<ViewEntry[]>;
}

/** Largest file a view reads: markers are small, and a huge "package.json" is not worth parsing. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/**
 * Normalises a view path and refuses anything that could leave the tree: absolute paths, `..`
 * segments, backslashes and NUL. Returns `''` for the root.
 */
export function normaliseViewPath(relPath: string): string {
  if (relPath.includes('\0') || relPath.includes('\\') || relPath.startsWith('/')) {
    throw ValidationError.field('path', `not a path inside the workspace: ${JSON.stringify(relPath)}`);
  }
  const parts: string[] = [];
  for (const part of relPath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw ValidationError.field('path', `not a path inside the workspace: ${JSON.stringify(relPath)}`);
    parts.push(part);
  }
  return parts.join('/');
}

/**
 * A view over an in-memory tree: keys are file paths, values their text. Directories exist
 * implicitly (a key `public/index.html` makes `public` a directory).
 *
 * @example
 * const view = createMemoryView({ 'package.json': '{"name":"x"}', 'index.js': '' });
 */
export function createMemoryView(files: Record<string, string>): WorkspaceView {
  const table = new Map<string, string>();
  for (const [key, value] of Object.entries(files)) table.set(normaliseViewPath(key), value);
  const isDir = (p: string) => p === '' || [...table.keys()].some((k) => k.startsWith(`${p}/`));
  return {
    async exists(relPath) {
      const p = normaliseViewPath(relPath);
      return table.has(p) || isDir(p);
    },
    async readFile(relPath) {
      return table.get(normaliseViewPath(relPath));
    },
    async list(relPath) {
      const p = normaliseViewPath(relPath);
      const prefix = p === '' ? '' : `${p}/`;
      const entries = new Map<string, ViewEntry['type']>();
      for (const key of table.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash === -1) entries.set(rest, 'file');
        else entries.set(rest.slice(0, slash), 'dir');
      }
      return [...entries].map(([name, type]) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

export interface DirectoryViewOptions {
  /** Files larger than this read as absent. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  maxFileBytes?: number;
}

/**
 * A view over a directory on disk. Paths are walked with the checkout's confinement (see
 * `walkInside`): symbolic links are followed only while they stay inside the directory, and a
 * link that points elsewhere (`config -> /etc`), a FIFO, a device or an oversized file reads as
 * absent, so a repository cannot make detection read the host's files or learn what exists there.
 */
export async function createDirectoryView(dir: string, options: DirectoryViewOptions = {}): Promise<WorkspaceView> {
  const root = await realpath(dir);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  /** The confined path of `relPath`, or undefined when absent or outside the root. */
  const resolve = async (relPath: string): Promise<string | undefined> => {
    const p = normaliseViewPath(relPath);
    try {
      const target = await walkInside(root, p === '' ? '.' : p, 'path');
      return target.exists ? target.path : undefined;
    } catch (error) {
      if (error instanceof ValidationError) return undefined;
      throw error;
    }
  };

  return {
    async exists(relPath) {
      return (await resolve(relPath)) !== undefined;
    },
    async readFile(relPath) {
      const p = normaliseViewPath(relPath);
      if (p === '') return undefined;
      try {
        return await readConfinedText(root, p, { maxBytes });
      } catch (error) {
        if (error instanceof ValidationError) return undefined;
        throw error;
      }
    },
    async list(relPath) {
      const real = await resolve(relPath);
      if (real === undefined) return [];
      let names: string[];
      try {
        names = await readdir(real);
      } catch {
        return [];
      }
      const entries: ViewEntry[] = [];
      for (const name of names.sort()) {
        const target = await resolve(path.posix.join(normaliseViewPath(relPath), name));
        if (target === undefined) continue;
        const stat = await lstat(target);
        if (stat.isDirectory()) entries.push({ name, type: 'dir' });
        else if (stat.isFile()) entries.push({ name, type: 'file' });
      }
      return entries;
    },
  };
}
