import type { Octokit } from '@octokit/rest';
import { BuildError, NotFoundError, redact } from '@mikrocloud/core';
import { isCommitSha } from './refs.js';

/** GitHub settings: with a token, branches are resolved through the API and private repositories clone. */
export interface GitHubOptions {
  /** Token for the API and for HTTPS clones (sent as a header, never in a URL, log or record). */
  token: string;
  /** API base URL. Default `https://api.github.com`; GitHub Enterprise: `https://HOST/api/v3`. */
  apiBaseUrl?: string;
  /** Web host whose repository URLs this applies to. Default `github.com`. */
  host?: string;
  /** Post commit statuses (pending, then success or failure). Default false. */
  commitStatus?: boolean;
  /** The status context. Default `mikrocloud/build`. */
  statusContext?: string;
  /** Maps a repository to the URL git clones. Default `https://<host>/<owner>/<repo>.git`. */
  cloneUrlFor?: (repo: GitHubRepo) => string;
}

export interface GitHubRepo {
  owner: string;
  repo: string;
}

export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** The few GitHub calls a build makes. Errors carry no token. */
export class GitHubClient {
  private client: Promise<Octokit> | undefined;

  constructor(private readonly options: GitHubOptions) {}

  /** Loaded on first use: Octokit is a large module graph that servers without a token never need. */
  private octokit(): Promise<Octokit> {
    this.client ??= import('@octokit/rest').then(
      ({ Octokit }) =>
        new Octokit({
          auth: this.options.token,
          baseUrl: this.options.apiBaseUrl ?? 'https://api.github.com',
          userAgent: 'mikrocloud-buildpacks',
          // Octokit's default logger prints request failures to the console.
          log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
          request: { retries: 0 },
        }),
    );
    return this.client;
  }

  get host(): string {
    return (this.options.host ?? 'github.com').toLowerCase();
  }

  cloneUrl(repo: GitHubRepo): string {
    return this.options.cloneUrlFor ? this.options.cloneUrlFor(repo) : `https://${this.host}/${repo.owner}/${repo.repo}.git`;
  }

  private fail(error: unknown, what: string): never {
    const status = (error as { status?: number }).status;
    const message = redact(error instanceof Error ? error.message : String(error), [this.options.token]);
    if (status === 404) throw new NotFoundError(`GitHub: ${what} not found (or the token cannot see it)`);
    throw new BuildError(`GitHub: ${what}: ${message}`);
  }

  /** The branch to build (the default branch when none is given) and its commit. */
  async resolve(repo: GitHubRepo, branch: string | undefined): Promise<{ branch: string; commit: string }> {
    let name = branch;
    if (name === undefined) {
      try {
        name = (await (await this.octokit()).rest.repos.get({ owner: repo.owner, repo: repo.repo })).data.default_branch;
      } catch (error) {
        this.fail(error, `repository ${repo.owner}/${repo.repo}`);
      }
    }
    let sha: string;
    try {
      sha = (await (await this.octokit()).rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch: name })).data.commit.sha;
    } catch (error) {
      this.fail(error, `branch "${name}" of ${repo.owner}/${repo.repo}`);
    }
    if (!isCommitSha(sha)) throw new BuildError(`GitHub returned an invalid commit id for branch "${name}"`);
    return { branch: name, commit: sha };
  }

  /** Posts a commit status when enabled; failures are reported to `onError`, never thrown. */
  async setStatus(repo: GitHubRepo, sha: string, state: CommitState, description: string, onError?: (message: string) => void): Promise<void> {
    if (!this.options.commitStatus) return;
    try {
      await (await this.octokit()).rest.repos.createCommitStatus({
        owner: repo.owner,
        repo: repo.repo,
        sha,
        state,
        description: description.slice(0, 140),
        context: this.options.statusContext ?? 'mikrocloud/build',
      });
    } catch (error) {
      onError?.(redact(`could not post the commit status: ${(error as Error).message}`, [this.options.token]));
    }
  }
}
