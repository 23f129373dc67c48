import { constants } from 'node:fs';
import { lstat, open, readlink } from 'node:fs/promises';
import path from 'node:path';
import { checkRelativePath as checkPath, ValidationError } from '@mikrocloud/core';

/** Returns why a user-supplied relative path is unacceptable on its face, or undefined. */
export function checkRelativePath(userPath: string): string | undefined {
  try {
    checkPath(userPath, 'path');
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.problems[0]?.message ?? error.message;
    throw error;
  }
}

/** Largest ignore or configuration file read from a checkout by default: 1 MiB. */
export const DEFAULT_MAX_READ_BYTES = 1024 * 1024;

// Symlink chains longer than this are refused, as the kernel does (ELOOP after 40).
const MAX_LINK_HOPS = 40;

/** Where a confined path leads: an absolute path inside the root, and whether it exists there. */
export interface ConfinedPath {
  path: string;
  exists: boolean;
}

const OUTSIDE = 'leads outside the repository (through ".." or a symbolic link)';

/**
 * Walks `userPath` inside `root` one component at a time with `lstat`, following symbolic links
 * only by their text: a link is expanded in place and the walk goes on, so a link (or `..`)
 * that climbs above `root`, or an absolute link, is refused before anything outside is touched.
 * The answer therefore depends on the repository only: no existence oracle on the host.
 * `root` must be a real path (no symlinks in it).
 */
export async function walkInside(root: string, userPath: string, field: string): Promise<ConfinedPath> {
  const normal = checkPath(userPath, field);
  const pending = normal === '.' ? [] : normal.split('/');
  const current: string[] = [];
  let hops = 0;
  const lexicalRest = (): ConfinedPath => {
    for (const segment of pending) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (current.length === 0) throw ValidationError.field(field, OUTSIDE);
        current.pop();
      } else current.push(segment);
    }
    return { path: path.join(root, ...current), exists: false };
  };
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (current.length === 0) throw ValidationError.field(field, OUTSIDE);
      current.pop();
      continue;
    }
    const candidate = path.join(root, ...current, segment);
    let info;
    try {
      info = await lstat(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      pending.unshift(segment);
      return lexicalRest();
    }
    if (info.isSymbolicLink()) {
      if (++hops > MAX_LINK_HOPS) throw ValidationError.field(field, 'has too many levels of symbolic links');
      const target = await readlink(candidate);
      if (target.startsWith('/') || target.includes('\0')) throw ValidationError.field(field, OUTSIDE);
      pending.unshift(...target.split('/'));
      continue;
    }
    current.push(segment);
    if (pending.length > 0 && !info.isDirectory()) {
      // `file/more`: nothing exists below a file.
      return lexicalRest();
    }
  }
  return { path: path.join(root, ...current), exists: true };
}

/**
 * Resolves a user-supplied relative path inside `root` and refuses anything that leaves it,
 * lexically (`../..`, absolute paths) or through symbolic links (see {@link walkInside}); a path
 * that does not exist yet resolves lexically. `field` names the request field in the ValidationError.
 */
export async function resolveInside(root: string, userPath: string, field: string): Promise<string> {
  return (await walkInside(root, userPath, field)).path;
}

/** Options of {@link readConfinedFile}. */
export interface ReadConfinedOptions {
  /** The field or file named in a ValidationError. Default: the path itself. */
  field?: string;
  /** Largest file accepted. Default {@link DEFAULT_MAX_READ_BYTES}. */
  maxBytes?: number;
}

/**
 * Reads a file of a checkout: `relPath` is resolved inside `root` without following links out of
 * it, the final component is opened with `O_NOFOLLOW | O_NONBLOCK` and must be a regular file (a
 * FIFO, a device such as `/dev/zero` or a directory is refused), and no more than `maxBytes` is
 * ever read. Returns undefined when the file does not exist; throws a ValidationError naming
 * `field` when the path leaves the repository, is not a regular file, or is too large.
 *
 * @example
 * const text = (await readConfinedFile(root, '.dockerignore'))?.toString('utf8');
 */
export async function readConfinedFile(root: string, relPath: string, options: ReadConfinedOptions = {}): Promise<Buffer | undefined> {
  const field = options.field ?? relPath;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const target = await walkInside(root, relPath, field);
  if (!target.exists) return undefined;
  let handle;
  try {
    handle = await open(target.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw ValidationError.field(field, OUTSIDE);
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw ValidationError.field(field, `"${relPath}" is not a regular file`);
    if (info.size > maxBytes) throw ValidationError.field(field, `"${relPath}" is larger than ${maxBytes} bytes`);
    // Read at most one byte past the cap, whatever the size said: a file may grow meanwhile.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) throw ValidationError.field(field, `"${relPath}" is larger than ${maxBytes} bytes`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** {@link readConfinedFile} decoded as UTF-8. */
export async function readConfinedText(root: string, relPath: string, options: ReadConfinedOptions = {}): Promise<string | undefined> {
  return (await readConfinedFile(root, relPath, options))?.toString('utf8');
}
