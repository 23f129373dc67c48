import { statSync } from 'node:fs';
import { checkAbsolutePath, type FieldProblem } from '@mikrocloud/core';

/**
 * Problems of `[docker] allowed_bind_roots`: each root must be an absolute, normalised path of an
 * existing directory, and never `/` (that would allow the whole host).
 */
export function checkBindRootDirs(roots: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  roots.forEach((root, i) => {
    const field = `docker.allowed_bind_roots.${i}`;
    const why = checkAbsolutePath(root) ?? (root === '/' ? 'must not be / (that would allow bind mounts of the whole host)' : undefined);
    if (why) {
      problems.push({ field, message: why });
      return;
    }
    try {
      if (!statSync(root).isDirectory()) problems.push({ field, message: `"${root}" is not a directory` });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push({ field, message: code === 'ENOENT' ? `"${root}" does not exist` : `"${root}" cannot be read (${code ?? 'error'})` });
    }
  });
  return problems;
}
