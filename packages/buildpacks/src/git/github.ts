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

const repoPath = (repo: GitHubRepo) => `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`;

export type CommitState = 'pending' | 'success' | 'failure' | 'error';

/** An answer of the GitHub API that is not a success; `status` is the HTTP status. */
class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The few GitHub calls a build makes. Errors carry no token. Plain `fetch`: three REST calls do
 * not need Octokit's module graph (nor its Node >= 22 dependencies).
 */
export class GitHubClient {
  constructor(private readonly options: GitHubOptions) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const base = (this.options.apiBaseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `token ${this.options.token}`,
        'user-agent': 'mikrocloud-buildpacks',
        'x-github-api-version': '2022-11-28',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      redirect: 'error',
    });
    const text = await response.text();
    let data: unknown;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const said = (data as { message?: unknown } | undefined)?.message;
      throw new GitHubApiError(response.status, `${typeof said === 'string' ? said : response.statusText} (HTTP ${response.status})`);
    }
    return data as T;
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
        name = (await this.call<{ default_branch: string }>('GET', repoPath(repo))).default_branch;
      } catch (error) {
        this.fail(error, `repository ${repo.owner}/${repo.repo}`);
      }
    }
    let sha: string;
    try {
      sha = (await this.call<{ commit: { sha: string } }>('GET', `${repoPath(repo)}/branches/${encodeURIComponent(name)}`)).commit.sha;
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
      await this.call('POST', `${repoPath(repo)}/statuses/${encodeURIComponent(sha)}`, {
        state,
        description: description.slice(0, 140),
        context: this.options.statusContext ?? 'mikrocloud/build',
      });
    } catch (error) {
      onError?.(redact(`could not post the commit status: ${(error as Error).message}`, [this.options.token]));
    }
  }
}
