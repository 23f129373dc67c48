import { describe, expect, it } from 'vitest';
import { ValidationError } from '@mikrocloud/core';
import { checkRefName, isCommitSha } from './refs.js';
import { githubRepoOf, parseRepoUrl } from './repo-url.js';

describe('checkRefName', () => {
  it.each(['main', 'feature/x', 'release-1.2', 'v1.0.0', 'a/b/c', 'user@host'])('accepts %s', (ref) => {
    expect(checkRefName(ref)).toBeUndefined();
  });
  it.each([
    '',
    '-main',
    '--upload-pack=touch /tmp/x',
    'a..b',
    'a@{1}',
    '@',
    'a b',
    'a\nb',
    'a\0b',
    'a~1',
    'a^',
    'a:b',
    'a?',
    'a*',
    'a[',
    'a\\b',
    'x.lock',
    'a/x.lock/b',
    'ends/',
    '/starts',
    'a//b',
    'dot.',
    '.hidden',
    'a/.b',
    'del\x7f',
  ])('refuses %j', (ref) => {
    expect(checkRefName(ref)).toBeTypeOf('string');
  });
  it('recognises commit ids', () => {
    expect(isCommitSha('a'.repeat(40))).toBe(true);
    expect(isCommitSha('A'.repeat(40))).toBe(false);
    expect(isCommitSha('abc')).toBe(false);
  });
});

describe('parseRepoUrl', () => {
  const all = ['https', 'http', 'ssh', 'file'] as const;
  it('accepts https and ssh by default', () => {
    expect(parseRepoUrl('https://github.com/user/app.git')).toMatchObject({ protocol: 'https', host: 'github.com' });
    expect(parseRepoUrl('ssh://git@github.com/user/app.git')).toMatchObject({ protocol: 'ssh' });
    expect(parseRepoUrl('git@github.com:user/app.git')).toMatchObject({ protocol: 'ssh', host: 'github.com', path: 'user/app.git' });
  });
  it('refuses file and http unless allowed', () => {
    expect(() => parseRepoUrl('file:///tmp/repo')).toThrow(/not allowed/);
    expect(() => parseRepoUrl('/tmp/repo')).toThrow(/not allowed/);
    expect(() => parseRepoUrl('http://example.com/a/b')).toThrow(/not allowed/);
    expect(parseRepoUrl('file:///tmp/repo', all)).toMatchObject({ protocol: 'file', path: '/tmp/repo' });
    expect(parseRepoUrl('/tmp/repo', all)).toMatchObject({ protocol: 'file' });
    expect(parseRepoUrl('http://example.com/a/b', all)).toMatchObject({ protocol: 'http' });
  });
  it.each([
    'ext::sh -c touch% /tmp/pwned',
    'fd::17',
    'git://example.com/a.git',
    'ftp://example.com/a.git',
    'relative/path',
    './repo',
    '../repo',
    '-u/tmp/x',
    '--upload-pack=touch',
    'https://example.com/a b',
    'https://example.com/a\nb',
    'ssh://-oProxyCommand=touch/x',
    '-oProxyCommand=x:y',
    'git@-oProxyCommand=x:path',
    'host:-path',
    'https://',
    'file://host/tmp/repo',
    '',
  ])('refuses %j with a git_repo ValidationError', (url) => {
    let error: unknown;
    try {
      parseRepoUrl(url, all);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]?.field).toBe('git_repo');
  });
  it('maps GitHub URLs to owner/repo', () => {
    expect(githubRepoOf(parseRepoUrl('https://github.com/user/app.git'))).toEqual({ owner: 'user', repo: 'app' });
    expect(githubRepoOf(parseRepoUrl('git@github.com:user/app'))).toEqual({ owner: 'user', repo: 'app' });
    expect(githubRepoOf(parseRepoUrl('https://gitlab.com/user/app.git'))).toBeUndefined();
    expect(githubRepoOf(parseRepoUrl('https://ghe.corp/o/r'), 'ghe.corp')).toEqual({ owner: 'o', repo: 'r' });
  });
});
