import { describe, expect, it } from 'vitest';
import { ValidationError } from '@mikrocloud/core';
import { builtinBuildpacks } from '../builtins/builtins.js';
import { createBuildpackRegistry } from '../plugin/registry.js';
import { createRequestValidator } from '../service/build-request.js';
import { gitEnvironment, urlSecrets } from './clone.js';
import { checkRepoAccess, parseRepoUrl } from './repo-url.js';
import { gitSshCommand, sshArgv } from './ssh.js';

function problem(fn: () => unknown): { field: string; message: string } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems[0];
    throw error;
  }
  return undefined;
}

const ssh = { keyFile: '/etc/mikrocloud/deploy key', knownHostsFile: "/etc/mikrocloud/known'hosts" };

describe('allowed git hosts', () => {
  const registry = createBuildpackRegistry(builtinBuildpacks());
  const request = (git_repo: string) => ({ git_repo, buildpack_type: 'dockerfile', image_tag: 'app:1' });

  it('accepts any host when the list is empty, only listed hosts otherwise (400 naming git_repo)', () => {
    expect(problem(() => createRequestValidator(registry).parse(request('https://example.org/a.git')))).toBeUndefined();
    const validator = createRequestValidator(registry, { access: { allowedGitHosts: ['github.com', 'Git.Example.org'] } });
    expect(problem(() => validator.parse(request('https://github.com/a/b.git')))).toBeUndefined();
    expect(problem(() => validator.parse(request('https://git.example.org/a/b.git')))).toBeUndefined();
    const refused = problem(() => validator.parse(request('https://127.0.0.1:22/a.git')));
    expect(refused?.field).toBe('git_repo');
    expect(refused?.message).toMatch(/allowed_git_hosts/);
    expect(problem(() => validator.parse(request('https://github.com.evil.test/a/b.git')))?.field).toBe('git_repo');
  });

  it('refuses ssh URLs without configured ssh settings, saying what to configure', () => {
    const validator = createRequestValidator(registry);
    for (const url of ['git@github.com:a/b.git', 'ssh://git@github.com/a/b.git']) {
      const refused = problem(() => validator.parse(request(url)));
      expect(refused?.field).toBe('git_repo');
      expect(refused?.message).toMatch(/ssh_key_file and ssh_known_hosts_file/);
    }
    expect(problem(() => checkRepoAccess(parseRepoUrl('git@github.com:a/b.git'), { ssh }))).toBeUndefined();
  });

  it('validates ssh user names', () => {
    for (const url of ['ssh://-oProxyCommand=x@host/a.git', '-oProxyCommand=x@host:a', 'Root@host:a', 'a b@host:a', 'ssh://%2doProxyCommand@host/a']) {
      expect(problem(() => parseRepoUrl(url))?.field).toBe('git_repo');
    }
    expect(parseRepoUrl('deploy_user.1@host:a.git').host).toBe('host');
  });
});

describe('ssh command', () => {
  it('uses only the configured key and known_hosts, strictly, as quoted words', () => {
    expect(sshArgv(ssh)).toEqual([
      'ssh', '-F', '/dev/null', '-i', ssh.keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=yes',
      '-o', `UserKnownHostsFile=${ssh.knownHostsFile}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
    ]);
    const command = gitSshCommand(ssh);
    expect(command).toContain(`'/etc/mikrocloud/deploy key'`);
    expect(command).toContain(`'UserKnownHostsFile=/etc/mikrocloud/known'\\''hosts'`);
    expect(gitEnvironment({ homeDir: '/h', allowedProtocols: ['ssh'], ssh }).GIT_SSH_COMMAND).toBe(command);
    expect(gitEnvironment({ homeDir: '/h', allowedProtocols: ['https'] }).GIT_SSH_COMMAND).toBe('false');
    expect(problem(() => sshArgv({ keyFile: 'relative', knownHostsFile: '/h' }))?.field).toBe('ssh.keyFile');
    expect(problem(() => sshArgv({ keyFile: '/k', knownHostsFile: '/h\nx' }))?.field).toBe('ssh.knownHostsFile');
  });
});

describe('urlSecrets', () => {
  it('finds user info and query values', () => {
    expect(urlSecrets('https://user1:S3CRET%21x@127.0.0.1:80/x.git?access_token=TOKEN123&b=1')).toEqual(
      expect.arrayContaining(['user1', 'S3CRET%21x', 'S3CRET!x', 'TOKEN123']),
    );
    expect(urlSecrets('https://github.com/a/b.git')).toEqual([]);
  });
});

describe('nixpacks use_cli in a request', () => {
  it('is refused at submission with a 400 naming the field', () => {
    const validator = createRequestValidator(createBuildpackRegistry(builtinBuildpacks({ nixpacksCli: true })));
    const refused = problem(() =>
      validator.parse({ git_repo: 'https://github.com/a/b.git', buildpack_type: 'nixpacks', image_tag: 'app:1', nixpacks_config: { use_cli: true } }),
    );
    expect(refused?.field).toBe('nixpacks_config.use_cli');
  });
});
