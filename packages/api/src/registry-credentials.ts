import { isMikrocloudError, type RegistryCredentialStore } from '@mikrocloud/core';
import { loadDockerConfigCredentials } from '@mikrocloud/runtime-docker';
import { ConfigError } from './config/load.js';
import type { MikrocloudConfig } from './config/schema.js';
import { privateFileProblem, type PrivateFileOptions } from './private-file.js';

/** Options of {@link loadRegistryCredentials}. */
export type LoadRegistryCredentialsOptions = PrivateFileOptions;

/**
 * The credential store `[docker] registry_auth_file` names (Docker's config.json format), or
 * undefined when none is configured. The file must pass {@link privateFileProblem}, like token
 * files and configuration files holding secrets; otherwise, or when it cannot be read,
 * a ConfigError naming `docker.registry_auth_file` (never the file's content).
 */
export async function loadRegistryCredentials(config: MikrocloudConfig, options: LoadRegistryCredentialsOptions = {}): Promise<RegistryCredentialStore | undefined> {
  const file = config.docker.registry_auth_file;
  if (file === undefined) return undefined;
  const fail = (message: string) => new ConfigError('docker.registry_auth_file', [{ field: 'docker.registry_auth_file', message }]);
  const problem = privateFileProblem(file, 'the credentials', options);
  if (problem !== undefined) throw fail(problem);
  try {
    return await loadDockerConfigCredentials(file);
  } catch (err) {
    throw fail(isMikrocloudError(err) ? err.message : `cannot read ${file}`);
  }
}
