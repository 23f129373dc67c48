import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import { builtinBuildpacks } from '../builtins/builtins.js';
import { createBuildpackRegistry } from '../plugin/registry.js';
import type { BuildService } from '../service/build-service.js';
import { cleanUpEngine, createTestManager, eventually, makeRepo, randomPort, runId, startTestBuildService, testLabels, type RepoFile } from '../testing/support.js';

// Apps of each detected class, built offline on the engine under test and asked over HTTP. Their
// frameworks are stand-ins (local `file:` packages with the framework's command names writing
// its output layout): build containers reach no registry, and what is under test is the plan.
// The node image is tools/engines' node-managers (node 20 with Yarn 1, Yarn Berry and pnpm), so
// yarn and pnpm apps install, build and start with their own manager; bun apps use oven/bun.
// The python image carries a local wheel index, so Django and FastAPI are really pip-installed.

let manager: ContainerManager;
let service: BuildService;
let dispose: (() => Promise<void>) | undefined;
const cleanups: (() => Promise<void>)[] = [];
const tag = (name: string) => `${runId}-${name}:test`;
/** The test engines' node image with every package manager the planner uses (tools/engines/images/node-managers.sh). */
const NODE_MANAGERS_IMAGE = 'mikrocloud/node-managers:20-alpine';
/** The test engines' python image with a local wheel index of Django, FastAPI, uvicorn and gunicorn (tools/engines/images/python-wheels.sh). */
const PYTHON_WHEELS_IMAGE = 'mikrocloud/python-wheels:3.11-slim';

/** A local package with one command, `bin`, that runs `script` (CommonJS). */
function fakeTool(name: string, bin: string, script: string): Record<string, RepoFile> {
  return {
    [`tools/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', bin: { [bin]: 'cli.js' } }),
    [`tools/${name}/cli.js`]: { executable: `#!/usr/bin/env node\nconst fs = require('fs');\n${script}\n` },
  };
}

/** Node server source answering every request with `body`. */
const nodeServer = (body: string, port = 3000) =>
  `require('http').createServer((q, s) => s.end(${JSON.stringify(body)})).listen(Number(process.env.PORT || ${port}), process.env.HOSTNAME || '0.0.0.0');`;

/** A local package `greeting` (installed through `file:./greeting`); the lockfiles below were made by each manager for exactly these bytes. */
const greeting: Record<string, RepoFile> = {
  'greeting/package.json': '{"name":"greeting","version":"1.0.0","main":"index.js"}\n',
  'greeting/index.js': "module.exports = (who) => 'hello from ' + who;\n",
};

/** Answers with the greeting and the package manager that started it (npm_config_user_agent, set by each manager's `run`). */
const greetingServer = (who: string) =>
  `const greet = require('greeting');\nrequire('http').createServer((q, s) => s.end(greet(${JSON.stringify(who)}) + ' via ' + (process.env.npm_config_user_agent || '').split(' ')[0])).listen(Number(process.env.PORT || 3000), '0.0.0.0');\n`;

const manifest = (name: string, extra: Record<string, unknown>) =>
  JSON.stringify({ name, version: '1.0.0', private: true, ...extra, dependencies: { greeting: 'file:./greeting' } });

async function buildAndServe(files: Record<string, RepoFile>, body: Record<string, unknown>, containerPort: number) {
  const repo = await makeRepo(files);
  cleanups.push(repo.cleanup);
  const image = tag(String(body.name));
  const record = await service.submit({ git_repo: repo.url, image_tag: image, buildpack_type: body.buildpack_type, ...(body.config ? { nixpacks_config: body.config } : {}) });
  const final = await service.waitFor(record.id);
  const logs = service.logs(record.id);
  if (final.status !== 'succeeded') throw new Error(`${final.status}: ${final.error}\n${logs}`);
  const port = randomPort();
  const created = await manager.create({ image, labels: testLabels, ports: { [`127.0.0.1:${port}`]: String(containerPort) } });
  cleanups.push(() => manager.remove(created.id, { force: true }));
  await manager.start(created.id);
  const get = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, text: await res.text() };
  };
  await eventually(() => get('/').then(() => true), 60_000);
  return { get, logs, record: service.get(record.id) };
}

beforeAll(async () => {
  manager = await createTestManager();
  ({ service, dispose } = await startTestBuildService(manager, 'app-classes', {
    registry: createBuildpackRegistry(builtinBuildpacks({ baseImages: { node: NODE_MANAGERS_IMAGE, python: PYTHON_WHEELS_IMAGE } })),
  }));
});

afterAll(async () => {
  await dispose?.();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await cleanUpEngine();
});

// Each test builds an image on a shared two-core machine.
describe('detected app classes, built and served', { timeout: 300_000 }, () => {
  it('a Vite single-page app chosen by auto: built with node, served by nginx with client-side routes', async () => {
    const { get, logs, record } = await buildAndServe(
      {
        'package.json': JSON.stringify({ name: 'spa', private: true, scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: 'file:tools/vite' } }),
        'index.html': '<div id="root"></div>',
        ...fakeTool('vite', 'vite', "fs.mkdirSync('dist', { recursive: true }); fs.writeFileSync('dist/index.html', '<h1>spa built</h1>');"),
      },
      { name: 'spa', buildpack_type: 'auto' },
      80,
    );
    expect(logs).toMatch(/auto: using the nixpacks buildpack/);
    expect(record.detected).toMatchObject({ buildpack_type: 'nixpacks', provider: 'node' });
    expect((await get('/')).text).toContain('spa built');
    expect(await get('/deep/client/route')).toEqual({ status: 200, text: '<h1>spa built</h1>' });
  });

  it('a Next.js app with standalone output: node server.js and the static assets, nothing else', async () => {
    const { get } = await buildAndServe(
      {
        'package.json': JSON.stringify({ name: 'web', private: true, scripts: { build: 'next build', start: 'next start' }, dependencies: { next: 'file:tools/next' } }),
        'next.config.js': "module.exports = { output: 'standalone' };\n",
        ...fakeTool(
          'next',
          'next',
          `fs.mkdirSync('.next/standalone', { recursive: true }); fs.mkdirSync('.next/static', { recursive: true });
fs.writeFileSync('.next/static/chunk.js', 'static-chunk');
fs.writeFileSync('.next/standalone/server.js', ${JSON.stringify(
            "require('http').createServer((q, s) => s.end('standalone ' + require('fs').readFileSync('.next/static/chunk.js', 'utf8') + ' ' + require('fs').existsSync('package.json'))).listen(Number(process.env.PORT || 3000), process.env.HOSTNAME);",
          )});`,
        ),
      },
      { name: 'next-standalone', buildpack_type: 'nixpacks' },
      3000,
    );
    // The standalone tree and .next/static are there; the app's own package.json is not.
    expect((await get('/')).text).toBe('standalone static-chunk false');
  });

  it('a Nuxt app: only .output, started with node .output/server/index.mjs', async () => {
    const { get } = await buildAndServe(
      {
        'package.json': JSON.stringify({ name: 'nuxt-app', private: true, scripts: { build: 'nuxt build' }, devDependencies: { nuxt: 'file:tools/nuxt' } }),
        'nuxt.config.ts': 'export default {};\n',
        ...fakeTool('nuxt', 'nuxt', `fs.mkdirSync('.output/server', { recursive: true }); fs.writeFileSync('.output/server/index.mjs', ${JSON.stringify(`import http from 'node:http';\nhttp.createServer((q, s) => s.end('nuxt output')).listen(Number(process.env.PORT || 3000));\n`)});`),
      },
      { name: 'nuxt', buildpack_type: 'nixpacks' },
      3000,
    );
    expect((await get('/')).text).toBe('nuxt output');
  });

  it('a Go program of one main.go, without go.mod', async () => {
    const { get } = await buildAndServe(
      {
        'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "go main.go") })\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      },
      { name: 'go-main', buildpack_type: 'nixpacks' },
      8080,
    );
    expect((await get('/')).text).toBe('go main.go');
  });

  it('a Django-layout app without gunicorn: manage.py migrate, then runserver on $PORT', async () => {
    const manage = `import http.server, sys
if sys.argv[1] == 'migrate':
    open('/tmp/migrated', 'w').write('yes')
elif sys.argv[1] == 'runserver':
    host, port = sys.argv[2].split(':')
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b'django-layout migrated=' + open('/tmp/migrated', 'rb').read()
            self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    http.server.ThreadingHTTPServer((host, int(port)), H).serve_forever()
`;
    const { get } = await buildAndServe(
      { 'requirements.txt': '', 'manage.py': manage, 'mysite/__init__.py': '', 'mysite/wsgi.py': 'application = None\n' },
      { name: 'django-layout', buildpack_type: 'nixpacks' },
      8000,
    );
    expect((await get('/')).text).toBe('django-layout migrated=yes');
  });

  it('a Node.js app whose Procfile names the web process', async () => {
    const { get } = await buildAndServe(
      {
        'package.json': JSON.stringify({ name: 'proc', private: true, scripts: { start: 'node does-not-exist.js' } }),
        Procfile: 'web: node server.js\nworker: node worker.js\n',
        'server.js': nodeServer('from Procfile'),
      },
      { name: 'procfile', buildpack_type: 'nixpacks' },
      3000,
    );
    expect((await get('/')).text).toBe('from Procfile');
  });

  it('a pnpm app: pnpm installs the local package offline, builds, prunes and starts it', async () => {
    const { get, logs } = await buildAndServe(
      {
        'package.json': manifest('pnpm-app', { scripts: { build: 'node build.js', start: 'node dist/server.js' } }),
        'pnpm-lock.yaml': `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      greeting:
        specifier: file:./greeting
        version: file:greeting

packages:

  greeting@file:greeting:
    resolution: {directory: greeting, type: directory}

snapshots:

  greeting@file:greeting: {}
`,
        'build.js': `require('fs').mkdirSync('dist', { recursive: true });\nrequire('fs').writeFileSync('dist/server.js', ${JSON.stringify(greetingServer('pnpm'))});\n`,
        ...greeting,
      },
      { name: 'pnpm', buildpack_type: 'nixpacks' },
      3000,
    );
    expect(logs).toMatch(/nixpacks: install: pnpm install --frozen-lockfile --offline/);
    expect((await get('/')).text).toMatch(/^hello from pnpm via pnpm\//);
  });

  it('a Yarn 1 app: yarn install --frozen-lockfile --offline, then yarn start', async () => {
    const { get } = await buildAndServe(
      {
        'package.json': manifest('yarn1-app', { scripts: { start: 'node server.js' } }),
        'yarn.lock': '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n"greeting@file:./greeting":\n  version "1.0.0"\n',
        'server.js': greetingServer('yarn 1'),
        ...greeting,
      },
      { name: 'yarn1', buildpack_type: 'nixpacks' },
      3000,
    );
    expect((await get('/')).text).toMatch(/^hello from yarn 1 via yarn\/1\./);
  });

  it('a Yarn Berry app (packageManager yarn@4): an immutable offline install with Plug\'n\'Play, started by Berry', async () => {
    const { get, logs } = await buildAndServe(
      {
        'package.json': manifest('berry-app', { packageManager: 'yarn@4.18.1', scripts: { start: 'node server.js' } }),
        'yarn.lock': `# This file is generated by running "yarn install" inside your project.
# Manual changes might be lost - proceed with caution!

__metadata:
  version: 10
  cacheKey: 10c0

"berry-app@workspace:.":
  version: 0.0.0-use.local
  resolution: "berry-app@workspace:."
  dependencies:
    greeting: "file:./greeting"
  languageName: unknown
  linkType: soft

"greeting@file:./greeting::locator=berry-app%40workspace%3A.":
  version: 1.0.0
  resolution: "greeting@file:./greeting#./greeting::hash=e0a0ce&locator=berry-app%40workspace%3A."
  checksum: 10c0/f3a54530600614f268554a9f6bf69e4826a996219ba6829709b900a41f861fb23391c166986da9783816ff52d5aedb701df07d8edd3b0ff318a3877f1f389380
  languageName: node
  linkType: hard
`,
        'server.js': greetingServer('berry'),
        ...greeting,
      },
      { name: 'berry', buildpack_type: 'nixpacks' },
      3000,
    );
    expect(logs).toMatch(/nixpacks: install: YARN_ENABLE_NETWORK=0 YARN_ENABLE_GLOBAL_CACHE=0 yarn install --immutable/);
    expect((await get('/')).text).toMatch(/^hello from berry via yarn\/4\./);
  });

  it('a bun app: bun install --frozen-lockfile, bun build, bun run start on the bun image', async () => {
    const { get, logs } = await buildAndServe(
      {
        'package.json': manifest('bun-app', { scripts: { build: 'bun build ./src/index.ts --outdir dist --target bun', start: 'bun dist/index.js' } }),
        'bun.lock': '{\n  "lockfileVersion": 2,\n  "configVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "bun-app",\n      "dependencies": {\n        "greeting": "file:./greeting",\n      },\n    },\n  },\n  "packages": {\n    "greeting": ["greeting@file:greeting", {}],\n  }\n}\n',
        'src/index.ts': "import greet from 'greeting';\nconst who: string = 'bun';\nBun.serve({ port: Number(process.env.PORT || 3000), hostname: '0.0.0.0', fetch: () => new Response(greet(who) + ' via ' + (process.env.npm_config_user_agent || '').split(' ')[0]) });\n",
        ...greeting,
      },
      { name: 'bun', buildpack_type: 'nixpacks' },
      3000,
    );
    expect(logs).toMatch(/nixpacks: images: oven\/bun:1-alpine → oven\/bun:1-alpine/);
    expect((await get('/')).text).toMatch(/^hello from bun via bun\//);
  });

  it('a Django app: pip installs Django and gunicorn, manage.py migrate, gunicorn serves the WSGI module', async () => {
    const { get, logs } = await buildAndServe(
      {
        'requirements.txt': 'Django>=3.2\ngunicorn\n',
        'manage.py': "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n",
        'mysite/__init__.py': '',
        'mysite/settings.py': [
          "SECRET_KEY = 'test-only'",
          'DEBUG = False',
          "ALLOWED_HOSTS = ['*']",
          "INSTALLED_APPS = ['django.contrib.contenttypes']",
          "ROOT_URLCONF = 'mysite.urls'",
          "WSGI_APPLICATION = 'mysite.wsgi.application'",
          "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/tmp/db.sqlite3'}}",
          '',
        ].join('\n'),
        'mysite/urls.py': "import django\nfrom django.http import HttpResponse\nfrom django.urls import path\nurlpatterns = [path('', lambda request: HttpResponse('django ' + django.get_version() + ' on ' + request.META.get('SERVER_SOFTWARE', '')))]\n",
        'mysite/wsgi.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
      },
      { name: 'django', buildpack_type: 'nixpacks' },
      8000,
    );
    expect(logs).toMatch(/nixpacks: start: python manage\.py migrate && gunicorn --bind 0\.0\.0\.0:\$\{PORT:-8000\} mysite\.wsgi/);
    expect((await get('/')).text).toMatch(/^django 3\.2\.\d+ on gunicorn/);
  });

  it('a FastAPI app: pip installs fastapi and uvicorn, uvicorn serves main:app', async () => {
    const { get, logs } = await buildAndServe(
      {
        'requirements.txt': 'fastapi\nuvicorn\n',
        'main.py': "import fastapi\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/')\ndef root():\n    return {'framework': 'fastapi', 'version': fastapi.__version__}\n",
      },
      { name: 'fastapi', buildpack_type: 'nixpacks' },
      8000,
    );
    expect(logs).toMatch(/nixpacks: start: uvicorn main:app --host 0\.0\.0\.0/);
    expect(JSON.parse((await get('/')).text)).toMatchObject({ framework: 'fastapi' });
  });
});
