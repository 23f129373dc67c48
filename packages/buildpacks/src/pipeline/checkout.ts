import { throwIfAborted } from '@mikrocloud/core';
import { cloneRepository, type GitCredentials } from '../git/clone.js';
import { GitHubClient, type GitHubRepo } from '../git/github.js';
import { checkRepoAccess, DEFAULT_ALLOWED_PROTOCOLS, githubRepoOf, KNOWN_PROTOCOLS, parseRepoUrl, type GitProtocol, type RepoLocation } from '../git/repo-url.js';
import type { ValidBuildRequest } from '../service/build-request.js';
import type { WorkspaceDir } from '../workspace/workspace.js';
import type { BuildEnvironment } from './build-environment.js';

export interface Checkout {
  commit: string;
  /** Set when the repository was resolved through the GitHub API (commit statuses go there). */
  github?: { client: GitHubClient; repo: GitHubRepo; commit: string };
}

/**
 * Clones the request's repository into `workspaceDir.repoDir`: through the GitHub API first when
 * a token is configured (the branch resolved to a commit, the clone pinned to it), else directly.
 */
export async function checkout(
  env: BuildEnvironment,
  request: ValidBuildRequest,
  workspaceDir: WorkspaceDir,
  signal: AbortSignal,
  log: (line: string) => void,
  onGitHub?: (github: NonNullable<Checkout['github']>) => Promise<void>,
): Promise<Checkout> {
  const allowed = env.allowedProtocols ?? DEFAULT_ALLOWED_PROTOCOLS;
  throwIfAborted(signal);
  checkRepoAccess(request.location, env);
  let location: RepoLocation = request.location;
  let branch = request.gitBranch;
  let commit: string | undefined;
  let credentials: GitCredentials | undefined;
  let protocols: readonly GitProtocol[] = allowed;
  let github: Checkout['github'];
  if (env.github) {
    const client = new GitHubClient(env.github);
    const repo = githubRepoOf(request.location, client.host);
    if (repo) {
      const resolved = await client.resolve(repo, branch);
      branch = resolved.branch;
      commit = resolved.commit;
      log(`GitHub: ${repo.owner}/${repo.repo} branch ${branch} is at ${commit}`);
      // The clone URL comes from configuration, not from the user, so its protocol is trusted.
      location = parseRepoUrl(client.cloneUrl(repo), KNOWN_PROTOCOLS);
      protocols = [...new Set([...allowed, location.protocol])];
      if (location.protocol === 'https' && location.host) {
        credentials = { urlPrefix: `https://${location.host}/`, token: env.github.token };
      }
      github = { client, repo, commit };
      await onGitHub?.(github);
    }
  }
  const cloned = await cloneRepository({
    location,
    dir: workspaceDir.repoDir,
    homeDir: workspaceDir.homeDir,
    allowedProtocols: protocols,
    ...(branch !== undefined ? { branch } : {}),
    ...(commit !== undefined ? { commit } : {}),
    recurseSubmodules: request.recurseSubmodules,
    ...(credentials ? { credentials } : {}),
    ...(env.ssh ? { ssh: env.ssh } : {}),
    ...(env.cloneTimeoutMs !== undefined ? { timeoutMs: env.cloneTimeoutMs } : {}),
    ...(env.maxRepoBytes !== undefined ? { maxBytes: env.maxRepoBytes } : {}),
    signal,
    onLog: log,
  });
  throwIfAborted(signal);
  return { commit: cloned.commit, ...(github ? { github } : {}) };
}
