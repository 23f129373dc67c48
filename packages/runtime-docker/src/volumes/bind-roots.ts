import { realpath } from 'node:fs/promises';
import { ValidationError, checkAbsolutePath, type FieldProblem } from '@mikrocloud/core';

// Bind mounts reach the host's file system, so they are allowed only under directories the
// operator named (`allowedBindRoots`). A source must lie under a root both as written and once
// every symbolic link in it is resolved: a link that points out of its root is refused. The
// engine is then given the resolved path.

/** Checks the configured roots (absolute, normalised, not `/`); returns a copy. */
export function checkBindRoots(roots: readonly string[] | undefined): string[] {
  const out: string[] = [];
  (roots ?? []).forEach((root, i) => {
    const why = typeof root !== 'string' ? 'must be a string' : checkAbsolutePath(root) ?? (root === '/' ? 'must not be / (that would allow the whole host)' : undefined);
    if (why) throw ValidationError.field(`allowedBindRoots.${i}`, why);
    out.push(root);
  });
  return out;
}

/** Whether `path` is `root` or lies below it (both absolute and normalised). */
export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/** A root's real path; a root that no longer exists allows nothing. */
async function realRoots(roots: readonly string[]): Promise<Array<{ root: string; real: string }>> {
  const out: Array<{ root: string; real: string }> = [];
  for (const root of roots) {
    try {
      out.push({ root, real: await realpath(root) });
    } catch {
      // Gone or unreadable since the configuration was loaded: nothing is allowed under it.
    }
  }
  return out;
}

/**
 * Resolves a bind mount's host path: the real path when the path as written and its real path
 * both lie under one of `roots` (a ValidationError naming `field` otherwise, or when it does not
 * exist).
 */
export async function resolveBindSource(source: string, roots: readonly string[], field: string): Promise<string> {
  if (roots.length === 0) {
    throw ValidationError.field(field, 'bind mounts are disabled: no allowed bind roots are configured ([docker] allowed_bind_roots)');
  }
  const problem = (message: string): FieldProblem => ({ field, message });
  const why = checkAbsolutePath(source);
  if (why) throw new ValidationError([problem(why)]);
  const resolved = await realRoots(roots);
  const rootList = roots.join(', ');
  if (!resolved.some(({ root }) => isUnder(source, root))) {
    throw new ValidationError([problem(`"${source}" is not under an allowed bind root (${rootList})`)]);
  }
  let real: string;
  try {
    real = await realpath(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ValidationError([problem(code === 'ENOENT' || code === 'ENOTDIR' ? `"${source}" does not exist` : `"${source}" cannot be read (${code ?? 'error'})`)]);
  }
  if (!resolved.some(({ real: root }) => isUnder(real, root))) {
    throw new ValidationError([problem(`"${source}" resolves to "${real}", outside the allowed bind roots (${rootList})`)]);
  }
  return real;
}
