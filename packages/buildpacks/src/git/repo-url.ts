import { ValidationError } from '@mikrocloud/core';
import { SSH_USER_PATTERN, type SshSettings } from './ssh.js';

/** Every protocol a repository URL can have; the ones allowed are a subset (`allowedProtocols`). */
export const KNOWN_PROTOCOLS = ['https', 'http', 'ssh', 'file'] as const;

/** The transports a repository URL may use. `file` covers file:// URLs and absolute local paths. */
export type GitProtocol = (typeof KNOWN_PROTOCOLS)[number];

/** The protocols allowed when the configuration says nothing. */
export const DEFAULT_ALLOWED_PROTOCOLS: readonly GitProtocol[] = ['https', 'ssh'];

/** A repository location that passed validation. */
export interface RepoLocation {
  /** The URL exactly as git will receive it (after `--`). */
  url: string;
  protocol: GitProtocol;
  /** Host name for network protocols (lowercase), undefined for local repositories. */
  host?: string;
  /** Path part (`/owner/repo.git`, or the local path). */
  path: string;
}

const FIELD = 'git_repo';

function refuse(message: string): never {
  throw ValidationError.field(FIELD, message);
}

function checkHost(host: string): void {
  // A host starting with "-" would reach ssh as an option (CVE-2017-1000117).
  if (!host || host.startsWith('-') || !/^[A-Za-z0-9.\-_[\]:]+$/.test(host)) refuse('has an invalid host name');
}

function checkSshUser(user: string): void {
  // Lower-case POSIX user names only: a leading "-" would reach ssh as an option.
  if (!SSH_USER_PATTERN.test(user)) refuse('has an invalid ssh user name (lower-case letters, digits, "_", "." and "-", not first)');
}

/** What the operator lets repositories reach: `allowedGitHosts` and the ssh settings. */
export interface RepoAccess {
  /** Host names a repository may be on; empty or absent: any. */
  allowedGitHosts?: readonly string[];
  /** Without them, ssh repositories are refused. */
  ssh?: SshSettings;
}

/**
 * Refuses, with a ValidationError naming `git_repo`, a location on a host not in
 * `allowedGitHosts` and an ssh location when no ssh key and known_hosts are configured.
 */
export function checkRepoAccess(location: RepoLocation, access: RepoAccess): void {
  const hosts = access.allowedGitHosts ?? [];
  if (location.protocol !== 'file' && hosts.length > 0) {
    const host = (location.host ?? '').replace(/^\[|\]$/g, '');
    if (!hosts.some((h) => h.toLowerCase().replace(/^\[|\]$/g, '') === host)) {
      refuse(`names a host that is not in the allowed git hosts ([build] allowed_git_hosts: ${hosts.join(', ')})`);
    }
  }
  if (location.protocol === 'ssh' && access.ssh === undefined) {
    refuse('is an ssh URL, but no ssh key is configured: set [build] ssh_key_file and ssh_known_hosts_file (BuildService option ssh: { keyFile, knownHostsFile })');
  }
}

/**
 * Validates a repository URL against the allowed protocols and returns how git will be given it.
 * Transport helpers (`ext::`, `fd::`), `git://`, relative paths and anything starting with `-`
 * are refused with a ValidationError naming the `git_repo` field.
 */
export function parseRepoUrl(input: unknown, allowed: readonly GitProtocol[] = DEFAULT_ALLOWED_PROTOCOLS): RepoLocation {
  if (typeof input !== 'string' || input.length === 0) refuse('must be a non-empty string');
  const url = input;
  if (url.length > 2048) refuse('must be at most 2048 characters');
  if (url.startsWith('-')) refuse('must not start with "-"');
  if (/[\x00-\x20\x7f]/.test(url)) refuse('must not contain whitespace or control characters');

  let location: RepoLocation;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (!(KNOWN_PROTOCOLS as readonly string[]).includes(name)) {
      refuse(`uses the unsupported protocol "${name}" (supported: ${KNOWN_PROTOCOLS.join(', ')})`);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      refuse('is not a valid URL');
    }
    const protocol = name as GitProtocol;
    if (protocol === 'file') {
      if (parsed.host !== '') refuse('file:// URLs must not name a host');
      location = { url, protocol, path: decodeURIComponent(parsed.pathname) };
    } else {
      checkHost(parsed.hostname);
      if (protocol === 'ssh' && parsed.username !== '') checkSshUser(decodeURIComponent(parsed.username));
      if (parsed.pathname.length <= 1) refuse('must name a repository path');
      location = { url, protocol, host: parsed.hostname.toLowerCase(), path: parsed.pathname };
    }
  } else if (/^[A-Za-z0-9][A-Za-z0-9+.-]*::/.test(url)) {
    // `<transport>::<address>` runs a remote helper (ext:: runs an arbitrary command).
    refuse('must not use a transport helper ("<transport>::")');
  } else if (url.startsWith('/')) {
    location = { url, protocol: 'file', path: url };
  } else {
    // scp-like syntax: [user@]host:path, recognised by git only when the colon precedes any slash.
    const scp = /^(?:([^@/:]+)@)?([^@/:]+):(.+)$/.exec(url);
    if (!scp) refuse('must be an https://, ssh://, file:// or git@host:path URL, or an absolute local path');
    const user = scp[1];
    if (user !== undefined) checkSshUser(user);
    checkHost(scp[2]!);
    if (scp[3]!.startsWith('-')) refuse('has a path starting with "-"');
    location = { url, protocol: 'ssh', host: scp[2]!.toLowerCase(), path: scp[3]! };
  }

  if (!allowed.includes(location.protocol)) {
    refuse(`uses the protocol "${location.protocol}", which is not allowed here (allowed: ${allowed.join(', ') || 'none'})`);
  }
  return location;
}

/** `owner/repo` when the location is a repository on the given GitHub host, else undefined. */
export function githubRepoOf(location: RepoLocation, host = 'github.com'): { owner: string; repo: string } | undefined {
  if (location.protocol === 'file' || location.host !== host.toLowerCase()) return undefined;
  const match = /^\/?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(location.path);
  if (!match) return undefined;
  return { owner: match[1]!, repo: match[2]! };
}
