import { abortError, isTimeoutReason, redact, CancelledError, TimeoutError, ValidationError, MikrocloudError, BuildError } from '@mikrocloud/core';
import { simpleGit } from 'simple-git';
import { checkRefName, isCommitSha } from './refs.js';
import type { GitProtocol, RepoLocation } from './repo-url.js';
import { gitSshCommand, type SshSettings } from './ssh.js';
import { directorySize } from '../workspace/workspace.js';

/** Credentials for HTTPS clones from one host, sent as an HTTP header and never placed in a URL. */
export interface GitCredentials {
  /** e.g. `https://github.com/` */
  urlPrefix: string;
  token: string;
  /** Basic-auth user name paired with the token. Default `x-access-token` (GitHub's). */
  username?: string;
}

export interface CloneOptions {
  location: RepoLocation;
  /** Directory to create (must not exist). */
  dir: string;
  /** An empty directory used as HOME, so no host git configuration applies. */
  homeDir: string;
  allowedProtocols: readonly GitProtocol[];
  branch?: string;
  /** Commit the checkout must end up at (fetched when the branch has moved on). */
  commit?: string;
  recurseSubmodules?: boolean;
  credentials?: GitCredentials;
  /** Key and known_hosts for ssh locations; ssh clones are refused without them. */
  ssh?: SshSettings;
  /** Wall-clock limit for the whole clone. Default 10 minutes. */
  timeoutMs?: number;
  /** Largest checkout accepted, in bytes (the .git directory included). Default 1 GiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
}

export interface CloneResult {
  commit: string;
}

function configEnv(entries: [string, string][]): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/**
 * The whole environment git runs with: nothing inherited from the host except PATH, no
 * system or user configuration, no prompts, only the allowed transports, hooks disabled.
 * Configuration travels through GIT_CONFIG_* variables rather than `-c`, so secrets never
 * appear on a command line (`ps`).
 */
export function gitEnvironment(options: Pick<CloneOptions, 'homeDir' | 'allowedProtocols' | 'credentials' | 'ssh'>): Record<string, string> {
  const config: [string, string][] = [
    ['protocol.ext.allow', 'never'],
    ['protocol.fd.allow', 'never'],
    ['core.hooksPath', '/dev/null'],
    ['credential.helper', ''],
    ['advice.detachedHead', 'false'],
    ['init.defaultBranch', 'main'],
  ];
  if (options.credentials) {
    const user = options.credentials.username ?? 'x-access-token';
    const basic = Buffer.from(`${user}:${options.credentials.token}`).toString('base64');
    config.push([`http.${options.credentials.urlPrefix}.extraHeader`, `Authorization: Basic ${basic}`]);
  }
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: options.homeDir,
    XDG_CONFIG_HOME: options.homeDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    // Any credential prompt gets an empty answer at once instead of hanging.
    GIT_ASKPASS: '/bin/true',
    SSH_ASKPASS: '/bin/true',
    GIT_ALLOW_PROTOCOL: options.allowedProtocols.join(':'),
    GIT_PROTOCOL_FROM_USER: '0',
    // Without configured ssh settings no ssh runs at all (not even with the server user's ~/.ssh).
    GIT_SSH_COMMAND: options.ssh ? gitSshCommand(options.ssh) : 'false',
    LANG: 'C',
    LC_ALL: 'C',
    ...configEnv(config),
  };
}

/**
 * The secrets a repository URL carries: its user name and password, and its query values
 * (`?access_token=…`), as written and decoded, so that they are masked even where git prints them
 * outside a URL.
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (value: string) => {
    if (value.length < 4) return;
    found.add(value);
    try {
      found.add(decodeURIComponent(value));
    } catch {
      // not percent-encoded
    }
  };
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  const authority = scheme?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) for (const part of authority.slice(0, at).split(':')) add(part);
  const query = /\?([^#]*)/.exec(url)?.[1];
  if (query) for (const pair of query.split('&')) add(pair.slice(pair.indexOf('=') + 1));
  return [...found];
}

/** Secrets that must never leave this module in clear text. */
export function credentialSecrets(credentials: GitCredentials | undefined): string[] {
  if (!credentials) return [];
  const user = credentials.username ?? 'x-access-token';
  return [credentials.token, Buffer.from(`${user}:${credentials.token}`).toString('base64')];
}

/**
 * Clones one branch of a repository shallowly (`--depth 1 --single-branch --no-tags`, no
 * submodules unless asked) with git's environment locked down, and returns the commit checked
 * out. Rejects with ValidationError for bad refs, CancelledError/TimeoutError when stopped,
 * BuildError (message redacted) when git fails or the checkout is too large.
 */
export async function cloneRepository(options: CloneOptions): Promise<CloneResult> {
  if (options.branch !== undefined) {
    const problem = checkRefName(options.branch);
    if (problem) throw ValidationError.field('git_branch', problem);
  }
  if (options.commit !== undefined && !isCommitSha(options.commit)) {
    throw ValidationError.field('commit', 'must be a full hexadecimal commit id');
  }
  if (!options.allowedProtocols.includes(options.location.protocol)) {
    throw ValidationError.field('git_repo', `protocol "${options.location.protocol}" is not allowed`);
  }
  if (options.location.protocol === 'ssh' && !options.ssh) {
    throw ValidationError.field('git_repo', 'is an ssh URL, but no ssh key and known_hosts file are configured');
  }
  const secrets = [...credentialSecrets(options.credentials), ...urlSecrets(options.location.url)];
  const log = (line: string) => options.onLog?.(redact(line, secrets));
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const maxBytes = options.maxBytes ?? 1024 ** 3;
  // A clone that outgrows the cap is stopped while it runs, not only checked afterwards.
  const tooLarge = new AbortController();
  const signal = AbortSignal.any([deadline, tooLarge.signal, ...(options.signal ? [options.signal] : [])]);
  let measuring = false;
  const guard = setInterval(() => {
    if (measuring) return;
    measuring = true;
    directorySize(options.dir, maxBytes)
      .then((size) => {
        if (size > maxBytes) tooLarge.abort();
      })
      .catch(() => {})
      .finally(() => (measuring = false));
  }, 2000);
  guard.unref();

  const git = simpleGit({
    abort: signal,
    // Each flag below only permits configuration this module sets itself with fixed values
    // (never user input): it is needed because the settings go through GIT_CONFIG_* variables.
    unsafe: {
      allowUnsafeConfigEnvCount: true,
      allowUnsafeProtocolOverride: true,
      allowUnsafeHooksPath: true,
      allowUnsafeCredentialHelper: true,
      allowUnsafeSshCommand: true,
      allowUnsafeAskPass: true,
    },
  }).env(gitEnvironment(options));

  const args = ['clone', '--depth', '1', '--single-branch', '--no-tags', '--progress'];
  if (options.branch !== undefined) args.push('--branch', options.branch);
  if (options.recurseSubmodules) args.push('--recurse-submodules', '--shallow-submodules');
  else args.push('--no-recurse-submodules');
  args.push('--', options.location.url, options.dir);

  const fail = (error: unknown): never => {
    if (error instanceof MikrocloudError) throw error;
    if (options.signal?.aborted) {
      throw isTimeoutReason(options.signal.reason) ? abortError(options.signal, error) : new CancelledError('the build was cancelled during the clone');
    }
    if (tooLarge.signal.aborted) throw new BuildError(`the repository is larger than the limit of ${maxBytes} bytes`);
    if (deadline.aborted) throw new TimeoutError(`cloning took longer than ${Math.round(timeoutMs / 1000)} s`);
    // The server's own paths are no business of whoever submitted the build.
    const message = redact(error instanceof Error ? error.message : String(error), secrets).split(options.dir).join('<checkout>').trim();
    throw new BuildError(`git clone failed: ${message}`);
  };

  try {
    log(`Cloning ${redact(options.location.url, secrets)}${options.branch ? ` (branch ${options.branch})` : ''}`);
    await git.raw(args);
    const repo = git.cwd({ path: options.dir, root: false });
    let commit = (await repo.revparse(['HEAD'])).trim();
    if (options.commit && commit !== options.commit) {
      // The branch moved between resolving it and cloning: fetch exactly the resolved commit.
      log(`Branch moved to ${commit}; fetching ${options.commit}`);
      await repo.raw(['fetch', '--depth', '1', '--no-tags', 'origin', options.commit]);
      await repo.raw(['checkout', '--detach', options.commit, '--']);
      commit = (await repo.revparse(['HEAD'])).trim();
      if (commit !== options.commit) throw new BuildError(`checked out ${commit}, expected ${options.commit}`);
    }
    const size = await directorySize(options.dir, maxBytes);
    if (size > maxBytes) throw new BuildError(`the repository is larger than the limit of ${maxBytes} bytes`);
    log(`Checked out ${commit}`);
    return { commit };
  } catch (error) {
    return fail(error);
  } finally {
    clearInterval(guard);
  }
}
