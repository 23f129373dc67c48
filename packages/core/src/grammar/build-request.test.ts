import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import {
  checkBuildId,
  checkComposeServiceName,
  checkImageReference,
  checkRelativePath,
  checkSingleLine,
} from './build-request.js';

function problemOf(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.status).toBe(400);
    expect(v.details).toEqual(v.problems);
    expect(v.problems).toHaveLength(1);
    return v.problems[0] as { field: string; message: string };
  }
  throw new Error('expected a ValidationError');
}

describe('checkRelativePath', () => {
  it.each([
    ['Dockerfile', 'Dockerfile'],
    ['./Dockerfile', 'Dockerfile'],
    ['docker//app/./Dockerfile', 'docker/app/Dockerfile'],
    ['docker/../Dockerfile', 'Dockerfile'],
    ['a/b/../../c', 'c'],
    ['dist/', 'dist'],
    ['.', '.'],
    ['./', '.'],
    ['a/..', '.'],
    ['..foo/bar', '..foo/bar'],
    ['.../x', '.../x'],
    ['%2e%2e/etc', '%2e%2e/etc'],
    ['c:x', 'c:x'],
    ['with space/ünïcode', 'with space/ünïcode'],
  ])('accepts %j as %j', (input, expected) => {
    expect(checkRelativePath(input, 'dockerfile_path')).toBe(expected);
  });

  it.each([
    ['../../etc/passwd', 'climbs out'],
    ['..', 'climbs out'],
    ['../', 'climbs out'],
    ['a/../../b', 'climbs out'],
    ['./../x', 'climbs out'],
    ['a/./../..', 'climbs out'],
    ['/etc/shadow', 'absolute'],
    ['//etc', 'absolute'],
    ['C:/Windows', 'absolute'],
    ['c:', 'absolute'],
    ['..\\..\\etc', '"\\"'],
    ['a\\b', '"\\"'],
    ['Dockerfile\nRUN x', 'control characters'],
    ['Dockerfile\r', 'control characters'],
    ['Dockerfile\0.txt', 'control characters'],
    ['a\tb', 'control characters'],
    ['', 'empty'],
  ])('refuses %j (%s)', (input, why) => {
    const problem = problemOf(() => checkRelativePath(input, 'compose_file'));
    expect(problem.field).toBe('compose_file');
    expect(problem.message).toContain(why);
  });

  it('refuses non-strings and bounds the length', () => {
    expect(problemOf(() => checkRelativePath(42, 'output_dir')).message).toBe('must be a string');
    expect(problemOf(() => checkRelativePath(null, 'output_dir')).field).toBe('output_dir');
    expect(problemOf(() => checkRelativePath('a/'.repeat(600), 'output_dir')).message).toContain('at most 1024');
    expect(checkRelativePath('a'.repeat(10), 'x', { maxLength: 10 })).toBe('a'.repeat(10));
    expect(problemOf(() => checkRelativePath('a'.repeat(11), 'x', { maxLength: 10 })).message).toContain('at most 10');
  });
});

describe('checkSingleLine', () => {
  it('accepts one line, tabs and quotes included', () => {
    expect(checkSingleLine('npm run build -- --mode "prod"\t# x', 'build_command')).toBe('npm run build -- --mode "prod"\t# x');
    expect(checkSingleLine('', 'build_command')).toBe('');
  });

  it.each(['npm ci\nrm -rf /', 'a\rb', 'a\0b', '\n'])('refuses %j', (input) => {
    const problem = problemOf(() => checkSingleLine(input, 'build_command'));
    expect(problem).toEqual({ field: 'build_command', message: expect.stringContaining('single line') });
  });

  it('bounds the length when asked and refuses non-strings', () => {
    expect(problemOf(() => checkSingleLine('abcd', 'start_command', { maxLength: 3 })).message).toContain('at most 3');
    expect(problemOf(() => checkSingleLine(['a'], 'start_command')).message).toBe('must be a string');
  });
});

describe('checkComposeServiceName', () => {
  it.each(['web', 'Web_1', 'api.v2', 'a-b', '0', 'x'.repeat(255)])('accepts %j', (name) => {
    expect(checkComposeServiceName(name, 'compose_config.service')).toBe(name);
  });

  it.each(['web;id', '-oProxyCommand', '..', '.hidden', '_x', 'a b', 'a/b', 'wéb', 'a\n', '', 'x'.repeat(256), '$(id)'])(
    'refuses %j',
    (name) => {
      expect(problemOf(() => checkComposeServiceName(name, 'compose_config.service')).field).toBe('compose_config.service');
    },
  );
});

describe('checkBuildId', () => {
  it.each(['b1', 'A', 'build-2026.11_29', 'x'.repeat(128)])('accepts %j', (id) => {
    expect(checkBuildId(id)).toBe(id);
  });

  it.each(['', '-x', '.x', '../x', 'a/b', 'a b', 'x'.repeat(129), 'a\n', 'é'])('refuses %j', (id) => {
    expect(problemOf(() => checkBuildId(id)).field).toBe('id');
  });

  it('names the field it is given', () => {
    expect(problemOf(() => checkBuildId('/', 'build_id')).field).toBe('build_id');
  });
});

describe('checkImageReference', () => {
  it('returns the parts of a valid reference', () => {
    expect(checkImageReference('ghcr.io/a/b:1.0', 'image_tag')).toEqual({ name: 'ghcr.io/a/b', tag: '1.0' });
    expect(checkImageReference('app:TAG', 'image_tag')).toEqual({ name: 'app', tag: 'TAG' });
  });

  it.each([
    ['MyApp:1', 'myapp'],
    ['Org/app', 'org/app'],
    ['registry.example.com:5000/Team/App:v1', 'registry.example.com:5000/team/app'],
  ])('says a repository must be lower-case: %j', (ref, lower) => {
    const problem = problemOf(() => checkImageReference(ref, 'image_tag'));
    expect(problem.field).toBe('image_tag');
    expect(problem.message).toContain(`the repository must be lower-case ("${lower}")`);
  });

  it.each(['', 'a b', 'app:', 'app:-x', 'App!', 'a//b'])('refuses %j', (ref) => {
    const problem = problemOf(() => checkImageReference(ref, 'image_tag'));
    expect(problem.field).toBe('image_tag');
    expect(problem.message).not.toContain('lower-case');
  });
});
