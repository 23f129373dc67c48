import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { createBuildContext } from '../context/build-context.js';
import { openWorkspace } from '../workspace/workspace.js';
import { nixpacksBuildpack } from './buildpack.js';
import { planFromDirectory } from './plan-from-directory.js';
import {
  DOCKER_SOCKET,
  TEST_LABEL,
  dockerCli,
  httpGet,
  intermediateImageIds,
  randomPort,
  removeIntermediateImages,
  runId,
  writeTree,
} from '../testing/support.js';

const docker = new DockerContainerManager({ socketPath: DOCKER_SOCKET, labels: { [TEST_LABEL]: runId }, pullMissingImages: false });
const GENERATED_DOCKERFILE = '.mikrocloud/Dockerfile';
const SECRET = 'sk-test-secret-31337';
const GREETING = 'hi "there" $HOME \\o/';

let root: string;
const builtTags: string[] = [];
const intermediates: string[] = [];

beforeAll(async () => {
  await docker.ping();
  root = await mkdtemp(path.join(tmpdir(), `${runId}-nixpacks-`));
});

afterAll(async () => {
  for (const c of await docker.list({ all: true, labels: { [TEST_LABEL]: runId } })) await docker.remove(c.id, { force: true }).catch(() => {});
  for (const tag of builtTags) await docker.removeImage(tag, { force: true }).catch(() => {});
  await removeIntermediateImages(intermediates);
  await rm(root, { recursive: true, force: true });
});

/** Plans and builds `dir` the way the build service does: buildpack → BuildSpec → tar context → engine. */
async function build(dir: string, config: unknown, tag: string) {
  const logs: string[] = [];
  const spec = await nixpacksBuildpack.build({
    workspace: await openWorkspace(dir),
    config: config as never,
    imageTag: tag,
    buildId: runId,
    log: (line) => logs.push(line),
    signal: new AbortController().signal,
  });
  if (Array.isArray(spec) || !spec.dockerfile || !('content' in spec.dockerfile)) throw new Error('expected one generated Dockerfile');
  const { stream } = await createBuildContext({
    dir: path.join(dir, spec.context),
    dockerfile: GENERATED_DOCKERFILE,
    extraFiles: { [GENERATED_DOCKERFILE]: spec.dockerfile.content },
  });
  builtTags.push(tag);
  try {
    const result = await docker.buildImage({ context: stream, dockerfile: GENERATED_DOCKERFILE, tags: [tag] }, { onLog: (line) => logs.push(line) });
    return { ...result, logs };
  } finally {
    intermediates.push(...intermediateImageIds(logs));
  }
}

async function startContainer(image: string, containerPort: number, environment: Record<string, string> = {}) {
  const hostPort = randomPort();
  const c = await docker.create({ image, name: `${image.replace(/[^a-z0-9-]/g, '-')}-${hostPort}`, ports: { [String(hostPort)]: String(containerPort) }, environment });
  await docker.start(c.id);
  return { id: c.id, url: `http://127.0.0.1:${hostPort}/` };
}

async function containerOutput(id: string): Promise<string> {
  const lines: string[] = [];
  for await (const line of docker.logs(id)) lines.push(line.line);
  return lines.join('\n');
}

const NODE_LOCK = {
  name: 'node-fixture',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'node-fixture', version: '1.0.0', dependencies: { greet: 'file:libs/greet' }, devDependencies: { devtool: 'file:libs/devtool' } },
    'libs/devtool': { version: '1.0.0', dev: true },
    'libs/greet': { version: '1.0.0' },
    'node_modules/devtool': { resolved: 'libs/devtool', link: true },
    'node_modules/greet': { resolved: 'libs/greet', link: true },
  },
};

const nodeServer = (version: string) => `const http = require('node:http');
const fs = require('node:fs');
const greet = require('greet');
const message = fs.readFileSync(__dirname + '/dist/message.txt', 'utf8');
http.createServer((req, res) => {
  res.end(JSON.stringify({ hello: greet('node'), message, greeting: process.env.GREETING, secret: process.env.API_KEY ? 'present' : 'absent', version: '${version}' }));
}).listen(Number(process.env.PORT || 3000));
`;

describe('nixpacks buildpack on Docker Engine (local base images, no network)', () => {
  it('node: builds with dev deps, ships production deps only, answers HTTP, keeps secrets out, reuses the install layer', async () => {
    const dir = path.join(root, 'node');
    await writeTree(dir, {
      'package.json': JSON.stringify({
        name: 'node-fixture',
        version: '1.0.0',
        scripts: { build: 'node build.js', start: 'node server.js' },
        engines: { node: '>=18' },
        dependencies: { greet: 'file:libs/greet' },
        devDependencies: { devtool: 'file:libs/devtool' },
      }),
      'package-lock.json': JSON.stringify(NODE_LOCK),
      'libs/greet/package.json': '{"name":"greet","version":"1.0.0","main":"index.js"}',
      'libs/greet/index.js': 'module.exports = (n) => `hello, ${n}`;\n',
      'libs/devtool/package.json': '{"name":"devtool","version":"1.0.0","main":"index.js"}',
      'libs/devtool/index.js': 'module.exports = () => "built by devtool";\n',
      'build.js': "require('node:fs').mkdirSync('dist', { recursive: true });\nrequire('node:fs').writeFileSync('dist/message.txt', require('devtool')());\n",
      'server.js': nodeServer('1'),
    });
    const config = { variables: { GREETING, API_KEY: { value: SECRET, secret: true } } };
    const tag = `${runId}-node:1`;
    const first = await build(dir, config, tag);
    expect(first.logs.join('\n')).not.toContain(SECRET);
    expect(first.logs).toContain('nixpacks: variable API_KEY=*** (runtime-only)');

    // The app answers, with the build's output, the escaped variable intact and the secret supplied at run time.
    const app = await startContainer(tag, 3000, { API_KEY: SECRET });
    expect(JSON.parse(await httpGet(app.url))).toEqual({ hello: 'hello, node', message: 'built by devtool', greeting: GREETING, secret: 'present', version: '1' });

    // Production dependencies only: the dev dependency was pruned after the build.
    const modules = await dockerCli('run', '--rm', '--label', `${TEST_LABEL}=${runId}`, '--entrypoint', 'ls', tag, '/app/node_modules');
    expect(modules.split(/\s+/).filter(Boolean)).toEqual(['greet']);

    // The secret is in no layer's history and not in the image's environment.
    const history = await dockerCli('history', '--no-trunc', '--format', '{{.CreatedBy}}', tag);
    const inspect = await dockerCli('image', 'inspect', tag);
    expect(history + inspect).not.toContain(SECRET);
    expect(history + inspect).not.toContain('API_KEY');

    // Size: base image + the app and its production dependencies, within 5 MB.
    const size = async (ref: string) => (await docker.inspectImage(ref)).size_bytes;
    const appBytes = (await dockerCli('run', '--rm', '--label', `${TEST_LABEL}=${runId}`, '--entrypoint', 'du', tag, '-sk', '/app')).split(/\s+/)[0];
    expect(await size(tag)).toBeLessThanOrEqual((await size('node:20-alpine')) + Number(appBytes) * 1024 + 5 * 1024 * 1024);

    // A one-line source change rebuilds without re-running the install step.
    await writeFile(path.join(dir, 'server.js'), nodeServer('2'));
    const second = await build(dir, config, tag);
    const installStep = second.logs.findIndex((l) => /^Step \d+\/\d+ : RUN .*npm ci/.test(l.trim()));
    expect(installStep).toBeGreaterThan(-1);
    expect(second.logs[installStep + 1]).toMatch(/Using cache/);
    const copyStep = second.logs.findIndex((l) => /^Step \d+\/\d+ : COPY \[".","\.\/"\]/.test(l.trim()));
    expect(second.logs[copyStep + 1]).not.toMatch(/Using cache/);
  });

  it('python: installs from a vendored wheelhouse offline and answers HTTP (stdlib http.server)', async () => {
    const dir = path.join(root, 'python');
    const wheel = path.join(root, 'greetlib-1.0-py3-none-any.whl');
    // A minimal pure-Python wheel, made with the host's zipfile module.
    await promisify(execFile)('/usr/bin/python3', [
      '-c',
      [
        'import sys, zipfile',
        'z = zipfile.ZipFile(sys.argv[1], "w")',
        'z.writestr("greetlib/__init__.py", "def greet(n):\\n    return \'hello, \' + n\\n")',
        'z.writestr("greetlib-1.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: greetlib\\nVersion: 1.0\\n")',
        'z.writestr("greetlib-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: mctest\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")',
        'z.writestr("greetlib-1.0.dist-info/RECORD", "")',
        'z.close()',
      ].join('\n'),
      wheel,
    ]);
    await writeTree(dir, {
      'requirements.txt': 'greetlib==1.0\n',
      'wheelhouse/greetlib-1.0-py3-none-any.whl': await readFile(wheel),
      'main.py': [
        'import http.server, os',
        'import greetlib',
        'class Handler(http.server.BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        '        body = (greetlib.greet("python") + "|" + os.environ.get("GREETING", "") + "|" + ("present" if os.environ.get("API_KEY") else "absent")).encode()',
        '        self.send_response(200)',
        '        self.send_header("Content-Length", str(len(body)))',
        '        self.end_headers()',
        '        self.wfile.write(body)',
        'http.server.HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler).serve_forever()',
        '',
      ].join('\n'),
    });
    const config = { variables: { GREETING, API_KEY: { value: SECRET, secret: true } } };
    const plan = await planFromDirectory(dir, config);
    expect(plan.install_command).toContain('--no-index --find-links=/app/wheelhouse');
    const tag = `${runId}-python:1`;
    const { logs } = await build(dir, config, tag);
    expect(logs.join('\n')).not.toContain(SECRET);
    const app = await startContainer(tag, 8000);
    expect(await httpGet(app.url)).toBe(`hello, python|${GREETING}|absent`);
    const files = await dockerCli('run', '--rm', '--label', `${TEST_LABEL}=${runId}`, '--entrypoint', 'ls', tag, '/app');
    expect(files.split(/\s+/)).not.toContain('wheelhouse');
  });

  it('go: builds a static binary with vendored modules and runs it on busybox', async () => {
    const dir = path.join(root, 'go');
    await writeTree(dir, {
      'go.mod': 'module example.com/hello\n\ngo 1.19\n\nrequire example.com/greet v1.0.0\n',
      'vendor/modules.txt': '# example.com/greet v1.0.0\n## explicit\nexample.com/greet\n',
      'vendor/example.com/greet/greet.go': 'package greet\n\nfunc Hello(n string) string { return "hello, " + n }\n',
      'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/greet"\n)\n\nfunc main() { fmt.Println(greet.Hello("go"), os.Getenv("GREETING"), os.Getuid()) }\n',
    });
    const tag = `${runId}-go:1`;
    await build(dir, { variables: { GREETING } }, tag);
    const c = await docker.create({ image: tag, name: `${runId}-go` });
    await docker.start(c.id);
    expect((await docker.wait(c.id)).exit_code).toBe(0);
    expect((await containerOutput(c.id)).trim()).toBe(`hello, go ${GREETING} 65534`);
    // Only busybox and the binary: no toolchain in the final image.
    expect((await docker.inspectImage(tag)).size_bytes).toBeLessThan((await docker.inspectImage('busybox:latest')).size_bytes + 5 * 1024 * 1024);
  });

  it('static: serves public/ with nginx', async () => {
    const dir = path.join(root, 'static');
    await writeTree(dir, { 'public/index.html': '<h1>static fixture</h1>\n', 'README.md': 'not served\n' });
    const tag = `${runId}-static:1`;
    await build(dir, {}, tag);
    const site = await startContainer(tag, 80);
    expect(await httpGet(site.url)).toBe('<h1>static fixture</h1>\n');
  });
});
