import { lstatSync } from 'node:fs';
import { isMikrocloudError, type RegistryCredentialStore } from '@mikrocloud/core';
import { loadDockerConfigCredentials } from '@mikrocloud/runtime-docker';
import { ConfigError } from './config/load.js';
import type { MikrocloudConfig } from './config/schema.js';

/** Options of {@link loadRegistryCredentials}. */
export interface LoadRegistryCredentialsOptions {
  /** File modes and owners mean nothing on Windows; the checks are skipped there. */
  platform?: NodeJS.Platform;
  /** The server's user id, which must own the file. Default: `process.getuid()`. */
  uid?: number;
}

/**
 * The credential store `[docker] registry_auth_file` names (Docker's config.json format), or
 * undefined when none is configured. The file must be a regular file owned by the server's user
 * and not readable by group or others, like token files; otherwise, or when it cannot be read,
 * a ConfigError naming `docker.registry_auth_file` (never the file's content).
 */
export async function loadRegistryCredentials(config: MikrocloudConfig, options: LoadRegistryCredentialsOptions = {}): Promise<RegistryCredentialStore | undefined> {
  const file = config.docker.registry_auth_file;
  if (file === undefined) return undefined;
  const platform = options.platform ?? process.platform;
  const fail = (message: string) => new ConfigError('docker.registry_auth_file', [{ field: 'docker.registry_auth_file', message }]);
  let stat;
  try {
    stat = lstatSync(file);
  } catch (err) {
    throw fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!stat.isFile()) throw fail(`${file} is not a regular file (a symbolic link is refused)`);
  if (platform !== 'win32') {
    const mode = stat.mode & 0o777;
    if ((mode & 0o077) !== 0) throw fail(`${file} has mode ${mode.toString(8).padStart(4, '0')}, so other users can read the credentials; run: chmod 600 ${file}`);
    const uid = options.uid ?? process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) throw fail(`${file} belongs to user ${stat.uid}, not to the server's user (${uid})`);
  }
  try {
    return await loadDockerConfigCredentials(file);
  } catch (err) {
    throw fail(isMikrocloudError(err) ? err.message : `cannot read ${file}`);
  }
}
