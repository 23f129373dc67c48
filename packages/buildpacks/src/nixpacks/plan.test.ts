import { describe, expect, it } from 'vitest';
import { createValidator, UnprocessableError, ValidationError } from '@mikrocloud/core';
import { NixpacksConfig } from './config.js';
import { planApp, DEFAULT_PROVIDERS } from './plan.js';
import { defineProvider } from './types.js';
import { createMemoryView } from './workspace-view.js';

const plan = (files: Record<string, string>, config: unknown = {}, options = {}) => planApp(createMemoryView(files), config, options);
const pkg = (body: object) => JSON.stringify({ name: 'app', version: '1.0.0', ...body });

describe('node provider', () => {
  it('chooses the package manager by lockfile', async () => {
    const base = { 'package.json': pkg({ scripts: { start: 'node server.js' } }) };
    expect((await plan({ ...base, 'package-lock.json': '{}' })).install_command).toBe(
      'npm ci --omit=dev --offline --no-audit --no-fund && npm cache clean --force',
    );
    expect((await plan({ ...base, 'yarn.lock': '' })).install_command).toMatch(/^yarn install --frozen-lockfile --offline --production/);
    expect((await plan({ ...base, 'pnpm-lock.yaml': '' })).install_command).toMatch(/^pnpm install --frozen-lockfile --offline --prod/);
    const bare = await plan(base);
    expect(bare.install_command).toMatch(/^npm install --omit=dev --offline/);
    expect(bare.detected_from).toEqual([{ marker: 'package.json', reason: 'a Node.js package' }]);
  });

  it('builds with dev dependencies, then prunes them, in a deps → build → runtime layout', async () => {
    const p = await plan({ 'package.json': pkg({ scripts: { build: 'tsc', start: 'node dist/index.js' } }), 'package-lock.json': '{}' });
    expect(p.install_command).toBe('npm ci --offline --no-audit --no-fund && npm cache clean --force');
    expect(p.build_command).toBe('npm run build');
    const lines = p.dockerfile.split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines.filter((l) => l.startsWith('FROM '))).toEqual(['FROM node:20-alpine AS deps', 'FROM deps AS build', 'FROM node:20-alpine']);
    // Manifests, then install, then sources: a source change keeps the install layer.
    expect(at('COPY ["package.json","package-lock.json","./"]')).toBeLessThan(at('RUN ["sh","-c","npm ci'));
    expect(at('RUN ["sh","-c","npm ci')).toBeLessThan(at('COPY [".","./"]'));
    expect(p.dockerfile).toContain('RUN ["sh","-c","npm prune --omit=dev --offline --no-audit --no-fund && npm cache clean --force"]');
    expect(p.dockerfile).toContain('COPY --from=build ["/app","/app"]');
  });

  it('starts from scripts.start, then main, then index.js', async () => {
    expect((await plan({ 'package.json': pkg({ scripts: { start: 'node a.js' } }) })).start_command).toBe('npm start');
    expect((await plan({ 'package.json': pkg({ main: 'lib/server.js' }), 'lib/server.js': '' })).start_command).toEqual(['node', 'lib/server.js']);
    expect((await plan({ 'package.json': pkg({}), 'index.js': '' })).start_command).toEqual(['node', 'index.js']);
    await expect(plan({ 'package.json': pkg({}) })).rejects.toBeInstanceOf(UnprocessableError);
  });

  it('uses vendored node_modules as is and copies local file: dependencies before installing', async () => {
    const vendored = await plan({ 'package.json': pkg({ main: 'index.js' }), 'index.js': '', 'node_modules/x/index.js': '' });
    expect(vendored.install_command).toBeUndefined();
    expect(vendored.dockerfile).toContain('COPY ["node_modules","./node_modules/"]');
    expect(vendored.detected_from.map((e) => e.marker)).toContain('node_modules/');

    const local = await plan({
      'package.json': pkg({ main: 'index.js', dependencies: { greet: 'file:libs/greet', evil: 'file:../../etc' } }),
      'package-lock.json': '{}',
      'index.js': '',
      'libs/greet/package.json': '{}',
    });
    const lines = local.dockerfile.split('\n');
    expect(lines.indexOf('COPY ["libs/greet","./libs/greet/"]')).toBeLessThan(lines.findIndex((l) => l.includes('npm ci')));
    expect(local.warnings.join()).toMatch(/evil .* outside the repository/);
  });

  it('honours engines.node through the configurable image map', async () => {
    const app = (range: string) => ({ 'package.json': pkg({ main: 'index.js', engines: { node: range } }), 'index.js': '' });
    const images = { node_by_major: { '18': 'node:18-alpine', '20': 'node:20-alpine', '22': 'node:22-alpine' } };
    expect((await plan(app('>=18 <21'), {}, { base_images: images })).base_images.runtime).toBe('node:20-alpine');
    expect((await plan(app('^18.17.0'), {}, { base_images: images })).base_images.runtime).toBe('node:18-alpine');
    expect((await plan(app('18.x || 22.x'), {}, { base_images: images })).base_images.runtime).toBe('node:22-alpine');
    expect((await plan(app('>=18'), {}, { base_images: images })).base_images.runtime).toBe('node:22-alpine');
    const old = await plan(app('14.x'));
    expect(old.base_images.runtime).toBe('node:20-alpine');
    expect(old.warnings.join()).toMatch(/engines.node "14.x" is not satisfied/);
    expect((await plan(app('what?'))).warnings.join()).toMatch(/cannot be read/);
  });
});

describe('python provider', () => {
  it('detects each marker', async () => {
    for (const marker of ['requirements.txt', 'pyproject.toml', 'Pipfile', 'main.py']) {
      const p = await plan({ [marker]: '', 'main.py': '' });
      expect(p.provider).toBe('python');
      expect(p.detected_from.map((e) => e.marker)).toContain(marker);
    }
  });

  it('installs from a vendored wheelhouse with --no-index, into a directory on PYTHONPATH', async () => {
    const p = await plan({ 'requirements.txt': 'flask==3.0.0  # web\n\n', 'app.py': '', 'wheelhouse/flask.whl': '' });
    expect(p.install_command).toBe(
      'pip install --no-cache-dir --disable-pip-version-check --target=/opt/python-deps --no-index --find-links=/app/wheelhouse -r requirements.txt',
    );
    expect(p.warnings).toEqual([]);
    expect(p.dockerfile).toContain('ENV PYTHONPATH="/opt/python-deps"');
    expect(p.dockerfile).toContain('RUN ["sh","-c","rm -rf ./wheelhouse"]');
  });

  it('installs nothing when there are no dependencies, and warns when dependencies have no wheelhouse', async () => {
    const none = await plan({ 'requirements.txt': '# nothing\n', 'main.py': '' });
    expect(none.install_command).toBeUndefined();
    expect(none.start_command).toEqual(['python', 'main.py']);
    const online = await plan({ 'requirements.txt': 'requests\n', 'main.py': '' });
    expect(online.warnings.join()).toMatch(/no wheelhouse/);
  });

  it('reads dependencies from pyproject.toml and Pipfile', async () => {
    const pyproject = await plan({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["uvicorn>=0.20", "fastapi"]\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' });
    expect(pyproject.install_command).toMatch(/ 'uvicorn>=0\.20' fastapi$/);
    expect(pyproject.start_command).toBe('uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}');
    const pipfile = await plan({ Pipfile: '[packages]\ngunicorn = "*"\nflask = "==3.0"\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(pipfile.install_command).toMatch(/ gunicorn flask==3\.0$/);
    expect(pipfile.start_command).toBe('gunicorn --bind 0.0.0.0:${PORT:-8000} app:app');
  });

  it('starts from Procfile web:, then gunicorn/uvicorn, then main.py, then app.py', async () => {
    expect((await plan({ 'requirements.txt': 'gunicorn\n', Procfile: 'web: gunicorn x:y\nworker: celery\n', 'app.py': '' })).start_command).toBe('gunicorn x:y');
    expect((await plan({ 'requirements.txt': '', 'app.py': '' })).start_command).toEqual(['python', 'app.py']);
    await expect(plan({ 'requirements.txt': '' })).rejects.toBeInstanceOf(UnprocessableError);
  });
});

describe('go provider', () => {
  const mod = 'module example.com/hello\n\ngo 1.19\n';
  it('builds a static binary with vendored modules, offline', async () => {
    const p = await plan({ 'go.mod': `${mod}require example.com/dep v1.0.0\n`, 'go.sum': '', 'main.go': 'package main\n', 'vendor/modules.txt': '' });
    expect(p.provider).toBe('go');
    expect(p.detected_from.map((e) => e.marker)).toEqual(['go.mod', 'vendor/']);
    expect(p.build_command).toBe('go build -trimpath -ldflags="-s -w" -o /out/app .');
    for (const line of ['ENV CGO_ENABLED="0"', 'ENV GOPROXY="off"', 'ENV GOFLAGS="-mod=vendor"', 'COPY ["vendor","./vendor/"]', 'FROM busybox:latest', 'COPY --from=build ["/out/app","/app/app"]', 'USER 65534:65534']) {
      expect(p.dockerfile).toContain(line);
    }
    expect(p.base_images).toEqual({ build: 'golang:1.19', runtime: 'busybox:latest' });
    expect(p.warnings).toEqual([]);
  });

  it('finds a main package under cmd/, warns about unvendored requirements and newer go directives', async () => {
    const p = await plan({ 'go.mod': 'module x\ngo 1.22\nrequire a/b v1.0.0\n', 'cmd/server/main.go': '// x\npackage main\n', 'lib.go': 'package x\n' });
    expect(p.build_command).toMatch(/ \.\/cmd\/server$/);
    expect(p.warnings.join('\n')).toMatch(/vendor\/ is absent/);
    expect(p.warnings.join('\n')).toMatch(/go 1\.22 but the builder image is golang:1\.19/);
    await expect(plan({ 'go.mod': mod, 'lib.go': 'package lib\n' })).rejects.toBeInstanceOf(UnprocessableError);
  });
});

describe('static provider', () => {
  it('serves the Staticfile root, public/, dist/ or the repository root with nginx', async () => {
    expect((await plan({ Staticfile: 'root: site\n', 'site/index.html': '' })).dockerfile).toContain('COPY ["site","/usr/share/nginx/html/"]');
    expect((await plan({ 'public/index.html': '' })).dockerfile).toContain('COPY ["public","/usr/share/nginx/html/"]');
    expect((await plan({ 'dist/index.html': '' })).dockerfile).toContain('COPY ["dist","/usr/share/nginx/html/"]');
    const root = await plan({ 'index.html': '' });
    expect(root.provider).toBe('static');
    expect(root.dockerfile).toBe('# Generated by mikrocloud (nixpacks buildpack, provider: static)\nFROM nginx:alpine\nCOPY [".","/usr/share/nginx/html/"]\n');
    expect(root.command_sources.start).toBe('image default');
    await expect(plan({ Staticfile: 'root: ../../etc\n' })).rejects.toBeInstanceOf(UnprocessableError);
  });
});

describe('precedence and detection', () => {
  it('follows Nixpacks order and reports the losing markers as ignored', async () => {
    const p = await plan({ 'go.mod': 'module x\n', 'main.go': 'package main', 'package.json': pkg({ main: 'i.js' }), 'index.html': '' });
    expect(p.provider).toBe('go');
    expect(p.ignored).toEqual(
      expect.arrayContaining([
        { marker: 'package.json', reason: 'node marker; go takes precedence' },
        { marker: 'index.html', reason: 'static marker; go takes precedence' },
      ]),
    );
  });

  it('request > nixpacks.toml > detection, for commands, variables and provider', async () => {
    const files = {
      'package.json': pkg({ scripts: { start: 'node a.js', build: 'tsc' } }),
      'index.html': '',
      'nixpacks.toml': [
        'providers = ["...", "node"]',
        '[variables]',
        'FROM_FILE = "file"',
        'SHARED = "file"',
        '[phases.setup]',
        'nixPkgs = ["nodejs"]',
        '[phases.build]',
        'cmds = ["npm run build:prod"]',
        '[phases.install]',
        'cmds = ["npm ci --offline"]',
        '[start]',
        'cmd = "node file.js"',
      ].join('\n'),
    };
    const fromFile = await plan(files);
    expect(fromFile).toMatchObject({
      provider: 'node',
      config_file: 'nixpacks.toml',
      install_command: 'npm ci --offline',
      build_command: 'npm run build:prod',
      start_command: 'node file.js',
      command_sources: { install: 'nixpacks.toml', build: 'nixpacks.toml', start: 'nixpacks.toml' },
    });
    expect(fromFile.ignored).toContainEqual({ marker: 'nixpacks.toml:phases.setup.nixPkgs', reason: 'not supported by this buildpack (no Nix); ignored' });

    const fromRequest = await plan(files, { start_command: 'node request.js', variables: { SHARED: 'request' } });
    expect(fromRequest.start_command).toBe('node request.js');
    expect(fromRequest.command_sources).toEqual({ install: 'nixpacks.toml', build: 'nixpacks.toml', start: 'request' });
    expect(fromRequest.variables).toEqual([
      { name: 'FROM_FILE', value: 'file', secret: false, source: 'nixpacks.toml', available: 'build+runtime' },
      { name: 'SHARED', value: 'request', secret: false, source: 'request', available: 'build+runtime' },
    ]);

    const forced = await plan({ 'index.html': '', 'package.json': pkg({ main: 'i.js' }), 'i.js': '', 'nixpacks.json': '{"providers":["static"]}' });
    expect(forced.provider).toBe('static');
    expect(forced.detected_from[0]).toEqual({ marker: 'nixpacks.json', reason: 'providers = ["static"]' });
    await expect(plan({ 'index.html': '', 'nixpacks.toml': 'providers = ["rust"]' })).rejects.toThrow(/provider "rust"/);
    await expect(plan({ 'index.html': '', 'nixpacks.toml': 'providers = [' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers 422 listing what it looked for when nothing matches', async () => {
    const error = await plan({ 'README.md': '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).status).toBe(422);
    expect((error as Error).message).toMatch(/go \(go\.mod, main\.go\); node \(package\.json\); python \(requirements\.txt, pyproject\.toml, Pipfile, manage\.py, main\.py\); static/);
  });

  it('takes custom providers ahead of the built-in ones', async () => {
    const deno = defineProvider({
      name: 'deno',
      looks_for: ['deno.json'],
      detect: async (view) => ((await view.exists('deno.json')) ? [{ marker: 'deno.json', reason: 'Deno' }] : undefined),
      plan: async () => ({ start_command: ['deno', 'run', 'main.ts'], base_images: { runtime: 'denoland/deno' }, dockerfile: 'FROM denoland/deno\n' }),
    });
    const p = await plan({ 'deno.json': '{}', 'package.json': pkg({ main: 'x.js' }) }, {}, { providers: [deno, ...DEFAULT_PROVIDERS] });
    expect(p.provider).toBe('deno');
    expect(p.ignored.map((i) => i.marker)).toContain('package.json');
  });
});

describe('variables and secrets', () => {
  const app = { 'package.json': pkg({ main: 'index.js' }), 'index.js': '' };

  it('puts plain variables in ARG (build stages) and ENV (final stage), secrets nowhere', async () => {
    const p = await plan(app, { variables: { PLAIN: 'hello', API_KEY: { value: 'sk-live-123456', secret: true } } });
    expect(p.dockerfile).toContain('ARG PLAIN="hello"');
    expect(p.dockerfile).toContain('ENV PLAIN="hello"');
    expect(p.dockerfile).not.toContain('API_KEY');
    expect(JSON.stringify(p)).not.toContain('sk-live-123456');
    expect(p.variables).toContainEqual({ name: 'API_KEY', value: '***', secret: true, source: 'request', available: 'runtime-only' });
    expect(p.notes.join()).toMatch(/API_KEY.*supply them to the container at run time/);
  });

  it('refuses a command that holds a secret value, pointing at $NAME instead', async () => {
    const error = await plan(app, { build_command: 'curl -H "auth: sk-live-123456" x', variables: { K: { value: 'sk-live-123456', secret: true } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/build_command: contains the value of secret variable K; write \$K instead/);
    expect((error as Error).message).not.toContain('sk-live-123456');
  });

  it('validates the config: unknown fields, bad names, newlines', async () => {
    const fields = async (config: unknown) => ((await plan(app, config).catch((e: unknown) => e)) as ValidationError).problems.map((p) => p.field);
    expect(await fields({ surprise: 1 })).toContain('surprise');
    expect(await fields({ variables: { 'A-B': 'x', 'X=Y': 'y' } })).toEqual(['variables.A-B', 'variables.X=Y']);
    expect(await fields({ start_command: 'node a.js\nRUN rm -rf /' })).toEqual(['start_command']);
    expect(await fields({ variables: { A: 'line\nbreak' } })).toEqual(['variables.A']);
    expect(await fields({ use_cli: 'sometimes' })).toContain('use_cli');
  });

  it('has a schema that refuses the same inputs, for the request validator at submission', () => {
    const problems = createValidator(NixpacksConfig).problems({
      start_command: 'a\nb',
      variables: { 'A-B': 'x', OK: { value: 'x\r', secret: true } },
    });
    expect(new Set(problems.map((p) => p.field))).toEqual(new Set(['start_command', 'variables.A-B', 'variables.OK', 'variables.OK.value']));
  });
});

describe('Dockerfile escaping', () => {
  const app = { 'package.json': pkg({ main: 'index.js' }), 'index.js': '' };

  it('puts commands in exec form as JSON, whatever they contain', async () => {
    const nasty = `echo "a" && echo 'b' $(id) \`id\` \\ ] ["x"] ; exit`;
    const p = await plan(app, { build_command: nasty, start_command: 'node "$APP" --flag=\'x\'' });
    expect(p.dockerfile).toContain(`RUN ${JSON.stringify(['sh', '-c', nasty])}`);
    expect(p.dockerfile).toContain(`CMD ${JSON.stringify(['sh', '-c', `exec node "$APP" --flag='x'`])}`);
    // Each command is one line: nothing the user wrote starts a Dockerfile instruction.
    expect(p.dockerfile.split('\n').filter((l) => l.includes('exit'))).toHaveLength(1);
  });

  it('escapes quotes, backslashes and $ in ARG/ENV values', async () => {
    const p = await plan(app, { variables: { V: 'a"b\\c$HOME${X}' } });
    expect(p.dockerfile).toContain('ENV V="a\\"b\\\\c\\$HOME\\${X}"');
  });

  it('refuses repository paths that cannot be quoted safely into COPY', async () => {
    await expect(plan({ Staticfile: 'root: $HOME\n', '$HOME/index.html': '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(plan({ 'package.json': pkg({ main: 'index.js', dependencies: { x: 'file:libs/*' } }), 'index.js': '', 'libs/*/a': '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
