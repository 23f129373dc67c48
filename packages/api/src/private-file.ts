import { lstatSync, realpathSync, statSync } from 'node:fs';

/** Options of {@link privateFileProblem}. */
export interface PrivateFileOptions {
  /** File modes and owners mean nothing on Windows; the checks are skipped there. */
  platform?: NodeJS.Platform;
  /** The server's user id, which must own the file. Default: `process.getuid()`. */
  uid?: number;
}

/**
 * Why `file`, which holds a secret (`what`: "the token", "the credentials"), must not be used, or
 * undefined when it may: the one check behind token files, configuration files holding secrets and
 * `registry_auth_file`. A symbolic link is followed and its target checked (secret mounts are often
 * links); the target must be a regular file owned by the server's user that neither its group nor
 * others can read or write. The message names the file and the fix, never its content.
 */
export function privateFileProblem(file: string, what: string, options: PrivateFileOptions = {}): string | undefined {
  let stat;
  let target = file;
  try {
    if (lstatSync(file).isSymbolicLink()) target = realpathSync(file);
    stat = statSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return `cannot read ${file}: ${code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (code ?? 'error')}`;
  }
  const named = target === file ? file : `${file} (a link to ${target})`;
  if (!stat.isFile()) return `${named} is not a regular file`;
  if ((options.platform ?? process.platform) === 'win32') return undefined;
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) !== 0) return `${named} has mode ${mode.toString(8).padStart(4, '0')}, so other users can read ${what}; run: chmod 600 ${target}`;
  const uid = options.uid ?? process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) return `${named} belongs to user ${stat.uid}, not to the server's user (${uid})`;
  return undefined;
}
