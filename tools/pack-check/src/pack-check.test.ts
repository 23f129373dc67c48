import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a user gets from the registry: every publishable package is packed with `npm pack`, the
 * tarballs are installed together into an empty project outside the workspace, and each entry
 * point is loaded from ESM (`import()`) and from CommonJS (`require()`), in fresh Node processes.
 * Nx builds the packages first (`dependsOn: ["^build"]` in package.json).
 */

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, ExportTarget>;
  bin?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
type ExportTarget = string | { [condition: string]: ExportTarget };

/** Per entry point, exports that must load as functions (classes included), ESM and CommonJS alike. */
const PROBES: Record<string, string[]> = {
  '@mikrocloud/core': ['validateContainerConfig', 'createValidator', 'MikrocloudError'],
  '@mikrocloud/core/testing': ['describeContainerManagerConformance'],
  '@mikrocloud/core/errors': ['MikrocloudError', 'ValidationError', 'abortError'],
  '@mikrocloud/runtime-docker': ['DockerContainerManager'],
  '@mikrocloud/runtime-docker/internal': ['EngineApiContainerManager'],
  '@mikrocloud/runtime-podman': ['PodmanContainerManager'],
  '@mikrocloud/runtime': ['createContainerManager', 'detectRuntime'],
  '@mikrocloud/buildpacks': ['defineBuildpack', 'createBuildpackRegistry', 'BuildStore'],
  '@mikrocloud/api': ['createApp'],
  '@mikrocloud/client': ['createClient', 'ValidationError', 'SseParser'],
  '@mikrocloud/dashboard': ['dashboardAssetsDir'],
};

/** Typed use of the client, checked in the strict consumers (its option bags under exactOptionalPropertyTypes). */
const CLIENT_USE = `import { createClient, ValidationError } from '@mikrocloud/client';
const client = createClient({ baseUrl: 'http://127.0.0.1:1', token: 't' });
export const listed: Promise<{ id: string }[]> = client.containers.list({ all: true, label: ['a=b'] });
export const waited = client.builds.wait('b1', { timeoutMs: 1000 });
export const isValidation = (e: unknown): string[] => (e instanceof ValidationError ? e.problems.map((p) => p.field) : []);
`;

const root = resolve(import.meta.dirname, '../../..');
const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: readManifest(dir) }))
  .filter(({ manifest }) => manifest.private !== true);

/** `@scope/pkg` for ".", `@scope/pkg/sub` for "./sub"; package.json is data, not an entry point. */
const entryPoints = packages.flatMap(({ manifest }) =>
  Object.keys(manifest.exports ?? { '.': '' })
    .filter((key) => key !== './package.json')
    .map((key) => ({ manifest, key, specifier: key === '.' ? manifest.name : `${manifest.name}${key.slice(1)}` })),
);

/** The file an exports entry sends `import` or `require` to, from the conditions Node uses. */
function target(entry: ExportTarget | undefined, conditions: string[]): string | undefined {
  if (entry === undefined || typeof entry === 'string') return entry;
  for (const [condition, next] of Object.entries(entry)) {
    if (conditions.includes(condition)) {
      const found = target(next, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

// npm exports its own settings to the scripts it runs (the workspace root as local_prefix, among
// others); a child npm or node must see none of them, nor the test runner's NODE_ENV.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|npm_command$|INIT_CWD$|NODE_OPTIONS$|NODE_ENV$)/i.test(key),
  ),
);
const run = promisify(execFile);
const exec = (file: string, args: string[], cwd: string) => run(file, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });

interface Loaded {
  file?: string;
  exports?: Record<string, string>;
  /** `new ValidationError('x').name`, for entry points that export it. */
  errorName?: string;
  error?: string;
}

// Each specifier is loaded on its own, so one failure names itself and does not hide the others.
const ESM_LOADER = `
const { fileURLToPath } = await import('node:url');
const out = {};
for (const s of JSON.parse(process.env.MCTEST_SPECIFIERS)) {
  try {
    const m = await import(s);
    out[s] = { file: fileURLToPath(import.meta.resolve(s)), exports: Object.fromEntries(Object.keys(m).map((k) => [k, typeof m[k]])), errorName: m.ValidationError ? new m.ValidationError('x').name : undefined };
  } catch (e) { out[s] = { error: String(e && e.stack || e) }; }
}
process.stdout.write(JSON.stringify(out));`;
const CJS_LOADER = `
const out = {};
for (const s of JSON.parse(process.env.MCTEST_SPECIFIERS)) {
  try {
    const m = require(s);
    out[s] = { file: require.resolve(s), exports: Object.fromEntries(Object.keys(m).map((k) => [k, typeof m[k]])), errorName: m.ValidationError ? new m.ValidationError('x').name : undefined };
  } catch (e) { out[s] = { error: String(e && e.stack || e) }; }
}
process.stdout.write(JSON.stringify(out));`;

let work = '';
let project = '';
let linked = '';
let installWarnings = '';
let esm: Record<string, Loaded> = {};
let cjs: Record<string, Loaded> = {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mctest-pack-'));
  const tarballs = join(work, 'tarballs');
  project = join(work, 'project');
  linked = join(work, 'linked');
  mkdirSync(tarballs);
  mkdirSync(project);
  mkdirSync(linked);

  const packed = await exec(
    'npm',
    ['pack', '--json', '--pack-destination', tarballs, ...packages.flatMap(({ dir }) => ['--workspace', dir])],
    root,
  );
  const files = (JSON.parse(packed.stdout) as { filename: string }[]).map(({ filename }) => join(tarballs, filename));

  // vitest is the optional peer of @mikrocloud/core/testing: installed at the version the
  // workspace tests with, so that entry point loads as a user of it would load it.
  const vitest = (readManifest(root).devDependencies ?? {})['vitest'];
  const nodeTypes = (readManifest(root).devDependencies ?? {})['@types/node'];
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'mctest-pack-project', private: true }, null, 2)}\n`);
  writeFileSync(join(linked, 'package.json'), `${JSON.stringify({ name: 'mctest-pack-linked', private: true }, null, 2)}\n`);
  // --ignore-scripts: better-sqlite3's install script would compile SQLite from source (its
  // prebuilt binaries are not reachable), about a minute on 2 cores per run. Every package still
  // resolves and installs from the registry, and loading @mikrocloud/buildpacks loads
  // better-sqlite3's JavaScript; the addon itself opens only with a database, which the
  // buildpacks tests do against the workspace install.
  const install = (dir: string, extra: string[]) =>
    exec(
      'npm',
      ['install', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn', ...extra, ...files, `vitest@${vitest}`, `@types/node@${nodeTypes}`],
      dir,
    );
  installWarnings = (await install(project, [])).stderr;
  // Isolated, as pnpm installs: each package sees only the dependencies it declares.
  installWarnings += (await install(linked, ['--install-strategy=linked'])).stderr;
  for (const dir of [project, linked]) writeConsumers(dir);

  const specifiers = JSON.stringify(entryPoints.map(({ specifier }) => specifier));
  const load = async (args: string[]) => {
    const { stdout } = await run(process.execPath, args, { cwd: project, env: { ...env, MCTEST_SPECIFIERS: specifiers } });
    return JSON.parse(stdout) as Record<string, Loaded>;
  };
  [esm, cjs] = await Promise.all([load(['--input-type=module', '-e', ESM_LOADER]), load(['-e', CJS_LOADER])]);
});

/** The compiler settings of a strict consumer: the library's declarations are checked too. */
const CONSUMER_OPTIONS = {
  strict: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  target: 'es2022',
  types: ['node'],
  noEmit: true,
};

/**
 * A consumer of every entry point, once as ESM (`.mts`) and once as CommonJS (`.cts`, which
 * resolves the `require` declarations); each uses one export so that its types are checked.
 */
function writeConsumers(dir: string): void {
  const use = (specifier: string) => `${JSON.stringify(specifier)}`;
  const esm = entryPoints.map(({ specifier }, i) => `import * as m${i} from ${use(specifier)};\nexport const u${i}: unknown = m${i};`);
  // The core's `testing` entry is ESM only (vitest 4 has no CommonJS build): CommonJS consumers skip it.
  const cjs = entryPoints
    .filter(({ specifier }) => !specifier.endsWith('/testing'))
    .map(({ specifier }, i) => `import * as m${i} from ${use(specifier)};\nexport const u${i}: unknown = m${i};`);
  writeFileSync(join(dir, 'consumer.mts'), `${esm.join('\n')}\n`);
  writeFileSync(join(dir, 'consumer.cts'), `${cjs.join('\n')}\n`);
  writeFileSync(join(dir, 'client-use.mts'), CLIENT_USE);
  writeFileSync(join(dir, 'client-use.cts'), CLIENT_USE);
  const files = ['consumer.mts', 'consumer.cts', 'client-use.mts', 'client-use.cts'];
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: CONSUMER_OPTIONS, files }, null, 2)}\n`);
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('packed tarballs installed into an empty project', () => {
  it('cover every publishable package, and nx builds each one first', () => {
    const own = readManifest(resolve(import.meta.dirname, '..'));
    expect(Object.keys(own.devDependencies ?? {}).sort()).toEqual(packages.map(({ manifest }) => manifest.name).sort());
    expect(entryPoints.map(({ specifier }) => specifier).sort()).toEqual(Object.keys(PROBES).sort());
  });

  describe.each(entryPoints)('$specifier', ({ manifest, key, specifier }) => {
    const installed = () => join(project, 'node_modules', manifest.name);
    const entry = manifest.exports?.[key];

    for (const [mode, loaded, conditions] of [
      ['import()', () => esm, ['node', 'import', 'default']],
      ['require()', () => cjs, ['node', 'require', 'default']],
    ] as const) {
      it(`loads with ${mode}`, () => {
        const result = loaded()[specifier];
        expect(result?.error, `${mode} of ${specifier} failed`).toBeUndefined();
        const expected = target(entry, [...conditions]);
        expect(expected, `no ${mode} target for ${specifier} in exports`).toBeDefined();
        expect(result?.file).toBe(join(installed(), expected!));
        for (const name of PROBES[specifier] ?? []) expect(result?.exports?.[name], `${specifier} export ${name}`).toBe('function');
      });
    }

    it('has the same exports from import() and require()', () => {
      expect(cjs[specifier]?.exports).toEqual(esm[specifier]?.exports);
    });
  });

  it('ships the built dashboard where dashboardAssetsDir() says, from import() and require()', async () => {
    const script = (load: string) =>
      `const m = ${load}; const fs = require('node:fs'); process.stdout.write(JSON.stringify({ dir: m.dashboardAssetsDir(), files: m.DASHBOARD_FILES.filter((f) => fs.statSync(require('node:path').join(m.dashboardAssetsDir(), f)).isFile()) }));`;
    const esmRun = await run(process.execPath, ['--input-type=commonjs', '-e', `(async () => { ${script("await import('@mikrocloud/dashboard')")} })()`], { cwd: project, env });
    const cjsRun = await run(process.execPath, ['-e', script("require('@mikrocloud/dashboard')")], { cwd: project, env });
    const expected = { dir: join(project, 'node_modules', '@mikrocloud', 'dashboard', 'dist', 'public'), files: ['index.html', 'app.js', 'app.css', 'favicon.svg'] };
    expect(JSON.parse(esmRun.stdout)).toEqual(expected);
    expect(JSON.parse(cjsRun.stdout)).toEqual(expected);
  });

  it('installs on this Node.js without an engine warning from any dependency', () => {
    expect(installWarnings).not.toContain('EBADENGINE');
  });

  it('keeps class names in the bundles (err.name is ValidationError)', () => {
    for (const loaded of [esm, cjs]) {
      for (const specifier of ['@mikrocloud/core', '@mikrocloud/core/errors', '@mikrocloud/client']) {
        expect(loaded[specifier]?.errorName, specifier).toBe('ValidationError');
      }
    }
  });

  it('hands out one set of error classes from @mikrocloud/core, its /errors subpath and the client', async () => {
    const check = `const a = await import('@mikrocloud/core'), b = await import('@mikrocloud/core/errors'), c = await import('@mikrocloud/client');
process.stdout.write(String(a.ValidationError === b.ValidationError && b.ValidationError === c.ValidationError));`;
    const cjsCheck = `const a = require('@mikrocloud/core'), b = require('@mikrocloud/core/errors'), c = require('@mikrocloud/client');
process.stdout.write(String(a.ValidationError === b.ValidationError && b.ValidationError === c.ValidationError));`;
    for (const dir of [project, linked]) {
      expect((await run(process.execPath, ['--input-type=module', '-e', check], { cwd: dir, env })).stdout).toBe('true');
      expect((await run(process.execPath, ['-e', cjsCheck], { cwd: dir, env })).stdout).toBe('true');
    }
  });

  it.each([
    ['hoisted', () => project],
    ['isolated (--install-strategy=linked)', () => linked],
  ])('typecheck in a strict consumer, ESM and CommonJS, %s install (skipLibCheck false, exactOptionalPropertyTypes)', async (_, dir) => {
    const result = await run(process.execPath, [tsc, '-p', join(dir(), 'tsconfig.json')], { cwd: dir(), env }).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(result).toBe('');
  }, 300_000);

  it.each(packages.flatMap(({ manifest }) => Object.keys(manifest.bin ?? {}).map((bin) => ({ bin, manifest }))))(
    'npx $bin --version prints the version',
    async ({ bin, manifest }) => {
      const { stdout } = await exec('npx', ['--no', '--', bin, '--version'], project);
      expect(stdout.trim()).toBe(manifest.version);
    },
  );
});
