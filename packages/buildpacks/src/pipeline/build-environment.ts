import { Labels, type ContainerManager } from '@mikrocloud/core';
import { credentialSecrets } from '../git/clone.js';
import type { GitHubOptions } from '../git/github.js';
import type { GitProtocol } from '../git/repo-url.js';
import type { SshSettings } from '../git/ssh.js';

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
  /**
   * This server's instance id: workspaces are named after it (a server sweeps only its own) and
   * images carry `io.mikrocloud.instance=<id>`.
   */
  instanceId?: string;
  /** Host names `git_repo` may name (lowercase compare). Default: empty, any host. */
  allowedGitHosts?: readonly string[];
  /** Key and known_hosts of ssh clones; without them, ssh URLs are refused. */
  ssh?: SshSettings;
  /** Let the nixpacks buildpack run a `nixpacks` executable found on PATH. Default false. */
  nixpacksCli?: boolean;
  /** The user the nixpacks CLI runs as. Default `nobody`. */
  nixpacksUser?: string;
}

/** Label key of the server instance that built an image. */
export const INSTANCE_LABEL = Labels.instance;

/** Secrets a build's output must never show. */
export function secretsOf(env: BuildEnvironment): string[] {
  return env.github ? [env.github.token, ...credentialSecrets({ urlPrefix: '', token: env.github.token })] : [];
}
