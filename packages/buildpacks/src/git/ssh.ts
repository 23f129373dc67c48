import path from 'node:path';
import { ValidationError } from '@mikrocloud/core';

/** How ssh clones authenticate: a private key and the only known_hosts file trusted. */
export interface SshSettings {
  /** Absolute path of the private key (`[build] ssh_key_file`). */
  keyFile: string;
  /** Absolute path of the known_hosts file checked strictly (`[build] ssh_known_hosts_file`). */
  knownHostsFile: string;
}

/** The grammar of user names in ssh repository URLs (`git` in `git@host:repo`). */
export const SSH_USER_PATTERN = /^[a-z_][a-z0-9_.-]*$/;

// GIT_SSH_COMMAND goes through a shell: each word is single-quoted, so a path is one argument
// whatever it holds ("'" is closed, escaped and reopened).
function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function checkFile(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw ValidationError.field(field, 'must be a file path');
  if (!path.isAbsolute(value)) throw ValidationError.field(field, 'must be an absolute path');
  if (/[\x00-\x1f\x7f]/.test(value)) throw ValidationError.field(field, 'must not contain control characters');
  return value;
}

/**
 * The argv of ssh for git clones: the configured key only (`-i KEY -o IdentitiesOnly=yes`), strict
 * host key checking against the configured known_hosts only, no ssh configuration file, no
 * prompts. Nothing from the server user's `~/.ssh` applies.
 */
export function sshArgv(settings: SshSettings): string[] {
  const key = checkFile(settings.keyFile, 'ssh.keyFile');
  const knownHosts = checkFile(settings.knownHostsFile, 'ssh.knownHostsFile');
  return [
    'ssh',
    '-F', '/dev/null',
    '-i', key,
    '-o', 'IdentitiesOnly=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'BatchMode=yes',
  ];
}

/** {@link sshArgv} as the value of `GIT_SSH_COMMAND`, every word quoted. */
export function gitSshCommand(settings: SshSettings): string {
  return sshArgv(settings).map(shellWord).join(' ');
}
