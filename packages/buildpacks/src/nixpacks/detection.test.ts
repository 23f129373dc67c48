import { describe, expect, it } from 'vitest';
import { UnprocessableError, ValidationError } from '@mikrocloud/core';
import { planApp } from './plan.js';
import { createMemoryView } from './workspace-view.js';

const plan = (files: Record<string, string>, config: unknown = {}) => planApp(createMemoryView(files), config);
const pkg = (body: object) => JSON.stringify({ name: 'app', version: '1.0.0', ...body });
const lock = '{"lockfileVersion":3}';

describe('python start commands', () => {
  it('runs main.py as a script when it defines no app, even with gunicorn installed (the `python` example)', async () => {
    const p = await plan({ 'requirements.txt': 'gunicorn\nrequests\n', 'main.py': 'print("hello")\n' });
    expect(p.start_command).toEqual(['python', 'main.py']);
  });

  it('serves an app object with gunicorn (WSGI) or uvicorn (ASGI)', async () => {
    const flask = await plan({ 'requirements.txt': 'flask\ngunicorn\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    expect(flask.start_command).toBe('gunicorn --bind 0.0.0.0:${PORT:-8000} app:app');
    const fastapi = await plan({ 'requirements.txt': 'fastapi\nuvicorn\ngunicorn\n', 'main.py': 'app: FastAPI = FastAPI()\n' });
    expect(fastapi.start_command).toBe('uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}');
  });

  it('starts Django with migrate and gunicorn on the WSGI module where it is', async () => {
    const files = { 'requirements.txt': 'django\ngunicorn\n', 'manage.py': '', 'backend/settings.py': "WSGI_APPLICATION = 'backend.wsgi.application'\n", 'backend/wsgi.py': '' };
    expect((await plan(files)).start_command).toBe('python manage.py migrate && gunicorn --bind 0.0.0.0:${PORT:-8000} backend.wsgi');
    const noGunicorn = await plan({ 'requirements.txt': 'django\n', 'manage.py': '', 'site1/wsgi.py': '' });
    expect(noGunicorn.start_command).toMatch(/manage\.py runserver 0\.0\.0\.0:\$\{PORT:-8000\}$/);
    expect(noGunicorn.warnings.join()).toMatch(/gunicorn is not a dependency/);
  });

  it('installs the pins of poetry.lock, uv.lock, Pipfile.lock and pdm.lock', async () => {
    const poetry = await plan({ 'pyproject.toml': '[tool.poetry.dependencies]\nrequests = "^2"\n', 'poetry.lock': '[[package]]\nname = "requests"\nversion = "2.31.0"\n\n[[package]]\nname = "idna"\nversion = "3.4"\n', 'main.py': '' });
    expect(poetry.install_command).toMatch(/--no-deps requests==2\.31\.0 idna==3\.4$/);
    expect(poetry.dockerfile).toContain('COPY ["pyproject.toml","poetry.lock","./"]');
    const uv = await plan({ 'pyproject.toml': '[project]\nname = "me"\n', 'uv.lock': '[[package]]\nname = "me"\nversion = "0.1.0"\nsource = { editable = "." }\n\n[[package]]\nname = "httpx"\nversion = "0.27.0"\n', 'main.py': '' });
    expect(uv.install_command).toMatch(/--no-deps httpx==0\.27\.0$/);
    const pipenv = await plan({ Pipfile: '[packages]\nflask = "*"\n', 'Pipfile.lock': JSON.stringify({ default: { flask: { version: '==3.0.0' } } }), 'main.py': '' });
    expect(pipenv.install_command).toMatch(/--no-deps flask==3\.0\.0$/);
  });
});

describe('Procfile', () => {
  it('gives the start command of every provider', async () => {
    const node = await plan({ 'package.json': pkg({ scripts: { start: 'node a.js' } }), Procfile: 'web: node index.js\nworker: node w.js\n', 'index.js': '' });
    expect(node.start_command).toBe('node index.js');
    expect(node.command_sources.start).toBe('Procfile');
    const go = await plan({ 'go.mod': 'module x\ngo 1.19\n', 'main.go': 'package main\n', Procfile: 'web: /app/app --serve\n' });
    expect(go.start_command).toBe('/app/app --serve');
    const overridden = await plan({ 'package.json': pkg({}), Procfile: 'web: node index.js\n' }, { start_command: 'node other.js' });
    expect(overridden.start_command).toBe('node other.js');
  });
});

describe('node frameworks and package managers', () => {
  it('builds a Vite SPA and serves dist/ with nginx, nothing of Node.js in the final image', async () => {
    const p = await plan({ 'package.json': pkg({ scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '^5' } }), 'package-lock.json': lock });
    expect(p.start_command).toBeUndefined();
    expect(p.base_images).toEqual({ build: 'node:20-alpine', runtime: 'nginx:alpine' });
    const final = p.dockerfile.slice(p.dockerfile.lastIndexOf('FROM '));
    expect(final).toMatch(/^FROM nginx:alpine\n/);
    expect(final).toContain('COPY --from=build ["/app/dist","/usr/share/nginx/html/"]');
    expect(final).toContain('try_files $uri $uri/ /index.html');
  });

  it('finds the output folder of CRA, Angular, Astro and React Router SPAs', async () => {
    const out = async (files: Record<string, string>) => /COPY --from=build \["\/app\/([^"]+)"/.exec((await plan(files)).dockerfile)?.[1];
    expect(await out({ 'package.json': pkg({ scripts: { build: 'react-scripts build', start: 'react-scripts start' }, dependencies: { 'react-scripts': '5' } }) })).toBe('build');
    const angular = JSON.stringify({ projects: { shop: { architect: { build: { builder: '@angular-devkit/build-angular:application', options: { outputPath: 'dist/shop' } } } } } });
    expect(await out({ 'package.json': pkg({ scripts: { build: 'ng build' }, dependencies: { '@angular/core': '17' } }), 'angular.json': angular })).toBe('dist/shop/browser');
    expect(await out({ 'package.json': pkg({ scripts: { build: 'astro build' }, dependencies: { astro: '4' } }) })).toBe('dist');
    expect(await out({ 'package.json': pkg({ scripts: { build: 'react-router build' }, devDependencies: { '@react-router/dev': '7' } }), 'react-router.config.ts': 'export default { ssr: false }' })).toBe('build/client');
  });

  it('runs Next.js standalone output as node server.js with only the standalone tree and static assets', async () => {
    const p = await plan({
      'package.json': pkg({ scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '14' } }),
      'package-lock.json': lock,
      'next.config.mjs': "export default { output: 'standalone' };\n",
      'public/favicon.ico': '',
    });
    expect(p.start_command).toEqual(['node', 'server.js']);
    for (const line of ['COPY --from=build ["/app/.next/standalone","/app/"]', 'COPY --from=build ["/app/.next/static","/app/.next/static/"]', 'COPY --from=build ["/app/public","/app/public/"]']) {
      expect(p.dockerfile).toContain(line);
    }
    expect(p.dockerfile).not.toContain('COPY --from=build ["/app","/app"]');
    const plain = await plan({ 'package.json': pkg({ scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '14' } }) });
    expect(plain.start_command).toBe('npm start');
  });

  it('starts Nuxt, SvelteKit and Astro servers from their build output', async () => {
    const nuxt = await plan({ 'package.json': pkg({ scripts: { build: 'nuxt build' }, devDependencies: { nuxt: '3' } }) });
    expect(nuxt.start_command).toEqual(['node', '.output/server/index.mjs']);
    expect(nuxt.dockerfile).toContain('COPY --from=build ["/app/.output","/app/.output/"]');
    const kit = await plan({ 'package.json': pkg({ scripts: { build: 'vite build' }, devDependencies: { '@sveltejs/kit': '2', vite: '5' } }) });
    expect(kit.start_command).toEqual(['node', 'build']);
    const astro = await plan({ 'package.json': pkg({ scripts: { build: 'astro build' }, dependencies: { astro: '4' } }), 'astro.config.mjs': "export default { output: 'server' }" });
    expect(astro.start_command).toEqual(['node', './dist/server/entry.mjs']);
  });

  it('tells Yarn Berry from Yarn 1 and plans bun apps with bun', async () => {
    const berry = await plan({ 'package.json': pkg({ scripts: { start: 'node i.js' } }), 'yarn.lock': '__metadata:\n  version: 6\n', '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-3.6.0.cjs\n', '.yarn/releases/yarn-3.6.0.cjs': '' });
    expect(berry.install_command).toBe('YARN_ENABLE_NETWORK=0 YARN_ENABLE_GLOBAL_CACHE=0 yarn install --immutable');
    expect(berry.dockerfile).toContain('COPY [".yarn","./.yarn/"]');
    expect(berry.detected_from.map((e) => e.marker)).toEqual(['package.json', 'yarn.lock', '.yarnrc.yml']);
    const classic = await plan({ 'package.json': pkg({ scripts: { start: 'node i.js' } }), 'yarn.lock': '# yarn lockfile v1\n' });
    expect(classic.install_command).toMatch(/^yarn install --frozen-lockfile --offline --production/);
    const bun = await plan({ 'package.json': pkg({}), 'bun.lockb': '', 'index.ts': '' });
    expect(bun.install_command).toBe('bun install --frozen-lockfile --production');
    expect(bun.start_command).toEqual(['bun', 'index.ts']);
    expect(bun.base_images.runtime).toBe('oven/bun:1-alpine');
  });

  it('says package.json is missing instead of a JSON parse error', async () => {
    await expect(plan({ 'nixpacks.toml': 'providers = ["node"]\n', 'index.js': '' })).rejects.toThrow(/package\.json is missing/);
    await expect(plan({ 'package.json': '' })).rejects.toThrow(/package\.json is empty/);
  });
});

describe('layouts', () => {
  it('builds Go from a lone main.go, without go.mod', async () => {
    const p = await plan({ 'main.go': 'package main\nfunc main() {}\n' });
    expect(p.provider).toBe('go');
    expect(p.build_command).toBe('go build -trimpath -ldflags="-s -w" -o /out/app main.go');
    expect(p.dockerfile).not.toContain('go.mod');
  });

  it('plans the app of a repository whose only content is one folder, with that folder as the context', async () => {
    const p = await plan({ 'README.md': '', 'hello/sub/package.json': pkg({ scripts: { start: 'node index.js' } }), 'hello/sub/index.js': '' });
    expect(p.provider).toBe('node');
    expect(p.app_dir).toBe('hello/sub');
    expect(p.notes.join()).toMatch(/only folder/);
  });

  it('plans one app of a monorepo named by app_dir', async () => {
    const files = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'apps/api/package.json': pkg({ scripts: { start: 'node api.js' } }), 'apps/web/package.json': pkg({}) };
    const p = await plan(files, { app_dir: 'apps/api' });
    expect(p.app_dir).toBe('apps/api');
    expect(p.start_command).toBe('npm start');
    expect((await plan({ ...files, 'package-lock.json': '{}' }, { app_dir: 'apps/api' })).warnings.join()).toMatch(/no lockfile but the repository root has package-lock\.json/);
    await expect(plan(files, { app_dir: 'apps/none' })).rejects.toBeInstanceOf(ValidationError);
    await expect(plan(files, { app_dir: '../x' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses apps of other languages naming what it saw, never as Node.js or a static site', async () => {
    const laravel = plan({ 'composer.json': '{}', artisan: '', 'package.json': pkg({ scripts: { build: 'vite build' } }), 'public/index.php': '' });
    await expect(laravel).rejects.toBeInstanceOf(UnprocessableError);
    await expect(laravel).rejects.toThrow(/^a PHP app \(composer\.json\): no provider for PHP/);
    await expect(plan({ Gemfile: '', 'config.ru': '', 'public/robots.txt': '' })).rejects.toThrow(/a Ruby app \(Gemfile\)/);
    // The repository's config may still force a provider.
    expect((await plan({ Gemfile: '', 'index.html': '', 'nixpacks.toml': 'providers = ["static"]\n' })).provider).toBe('static');
  });
});
