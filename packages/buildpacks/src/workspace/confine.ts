import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '@mikrocloud/core';

/** Returns why a user-supplied relative path is unacceptable on its face, or undefined. */
export function checkRelativePath(userPath: string): string | undefined {
  if (typeof userPath !== 'string') return 'must be a string';
  if (userPath.length === 0) return 'must not be empty';
  if (userPath.length > 1024) return 'must be at most 1024 characters';
  if (/[\x00-\x1f\x7f]/.test(userPath)) return 'must not contain control characters (newline, NUL, ...)';
  if (path.posix.isAbsolute(userPath) || /^[A-Za-z]:[\\/]/.test(userPath)) return 'must be a relative path';
  const normal = path.posix.normalize(userPath);
  if (normal === '..' || normal.startsWith('../')) return 'must stay inside the repository';
  return undefined;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves a user-supplied relative path inside `root` and refuses anything that leaves it,
 * lexically (`../..`, absolute paths) or through symlinks (checked with `fs.realpath` on the
 * path, or on its nearest existing ancestor when it does not exist yet). `field` names the
 * request field in the ValidationError.
 */
export async function resolveInside(root: string, userPath: string, field: string): Promise<string> {
  const problem = checkRelativePath(userPath);
  if (problem) throw ValidationError.field(field, problem);
  const realRoot = await realpath(root);
  const lexical = path.resolve(realRoot, userPath);
  if (!isInside(realRoot, lexical)) throw ValidationError.field(field, 'must stay inside the repository');
  // Follow symlinks on the longest prefix that exists.
  let probe = lexical;
  let rest = '';
  for (;;) {
    try {
      const real = await realpath(probe);
      const resolved = rest ? path.join(real, rest) : real;
      if (!isInside(realRoot, resolved)) {
        throw ValidationError.field(field, 'resolves (through a symbolic link) outside the repository');
      }
      return resolved;
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      if (probe === realRoot) return lexical;
      rest = rest ? path.join(path.basename(probe), rest) : path.basename(probe);
      probe = path.dirname(probe);
    }
  }
}
