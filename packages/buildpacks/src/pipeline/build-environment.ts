import { Labels, type ContainerManager } from '@mikrocloud/core';
import { credentialSecrets } from '../git/clone.js';
import type { GitHubOptions } from '../git/github.js';
import type { GitProtocol } from '../git/repo-url.js';

/** Label keys set on every image a build produces. */
export const BuildLabels = {
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  buildId: Labels.buildId,
} as const;

/** Where and how builds run: shared by `BuildService` and `createBuilder`. */
export interface BuildEnvironment {
  manager: ContainerManager;
  /** Parent of the per-build workspace directories. */
  buildDir: string;
  /** Protocols `git_repo` may use. Default `["https", "ssh"]`. */
  allowedProtocols?: readonly GitProtocol[];
  github?: GitHubOptions;
  /** Extra labels on every image built. */
  labels?: Record<string, string>;
  /** Wall-clock limit of the clone. Default 10 minutes. */
  cloneTimeoutMs?: number;
  /** Largest checkout accepted. Default 1 GiB. */
  maxRepoBytes?: number;
  /** Largest build context accepted. Default 2 GiB. */
  maxContextBytes?: number;
}

/** Secrets a build's output must never show. */
export function secretsOf(env: BuildEnvironment): string[] {
  return env.github ? [env.github.token, ...credentialSecrets({ urlPrefix: '', token: env.github.token })] : [];
}
