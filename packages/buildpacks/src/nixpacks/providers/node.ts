import { UnprocessableError } from '@mikrocloud/core';
import { cmdLine, copyLine, envLine, fromLine, runShell } from '../../generated/dockerfile-text.js';
import { rangeAllowsMajor } from '../node-version.js';
import type { BaseImages, Evidence, PlanContext, Provider, ProviderPlan, StartCommand } from '../types.js';
import { normaliseViewPath, type WorkspaceView } from '../workspace-view.js';
import { buildArgs, dirExists, dockerfile, fileExists, runtimeEnv } from './common.js';

type PackageManager = 'npm' | 'yarn' | 'pnpm';

interface PackageJson {
  main?: unknown;
  scripts?: Record<string, unknown>;
  engines?: { node?: unknown };
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
}

const LOCKFILES: [file: string, manager: PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** Files the package manager reads while installing; copied with the manifest so install is cached on them alone. */
const INSTALL_CONFIG = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'pnpm-workspace.yaml'];

async function readPackageJson(view: WorkspaceView): Promise<PackageJson> {
  const text = await view.readFile('package.json');
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as PackageJson;
  } catch (error) {
    throw new UnprocessableError(`package.json cannot be read as JSON: ${(error as Error).message}`);
  }
}

/**
 * Picks the Node image for `engines.node`: the highest major in the map the range admits. An
 * unreadable or unsatisfiable range falls back to the default image, with a warning.
 */
export function chooseNodeImage(range: unknown, images: BaseImages, warn: (m: string) => void): string {
  if (range === undefined) return images.node;
  if (typeof range !== 'string') {
    warn(`engines.node is not a string; using ${images.node}`);
    return images.node;
  }
  const majors = Object.keys(images.node_by_major)
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => b - a);
  let readable = true;
  for (const major of majors) {
    const ok = rangeAllowsMajor(range, major);
    if (ok === undefined) readable = false;
    if (ok) return images.node_by_major[String(major)]!;
  }
  warn(
    readable
      ? `engines.node "${range}" is not satisfied by any configured Node image (majors: ${majors.join(', ') || 'none'}); using ${images.node}`
      : `engines.node "${range}" cannot be read as a version range; using ${images.node}`,
  );
  return images.node;
}

/** Local `file:` dependencies inside the repository: they must be in place before install. */
function localDependencies(pkg: PackageJson, warn: (m: string) => void): string[] {
  const dirs = new Set<string>();
  for (const group of [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies]) {
    for (const [name, spec] of Object.entries(group ?? {})) {
      if (typeof spec !== 'string' || !spec.startsWith('file:')) continue;
      try {
        const dir = normaliseViewPath(spec.slice('file:'.length));
        if (dir !== '') dirs.add(dir);
      } catch {
        warn(`dependency ${name} (${spec}) points outside the repository; it cannot be part of the build`);
      }
    }
  }
  return [...dirs].sort();
}

function installCommand(manager: PackageManager, locked: boolean, production: boolean): string {
  switch (manager) {
    case 'pnpm':
      return `pnpm install --frozen-lockfile --offline${production ? ' --prod' : ''} && pnpm store prune`;
    case 'yarn':
      return `yarn install --frozen-lockfile --offline${production ? ' --production' : ''} && yarn cache clean`;
    default:
      return `npm ${locked ? 'ci' : 'install'}${production ? ' --omit=dev' : ''} --offline --no-audit --no-fund && npm cache clean --force`;
  }
}

function pruneCommand(manager: PackageManager): string {
  switch (manager) {
    case 'pnpm':
      return 'pnpm prune --prod --offline';
    case 'yarn':
      return 'yarn install --frozen-lockfile --offline --production --ignore-scripts && yarn cache clean';
    default:
      return 'npm prune --omit=dev --offline --no-audit --no-fund && npm cache clean --force';
  }
}

/** Node.js: `package.json`, installed with the package manager its lockfile names. */
export const nodeProvider: Provider = {
  name: 'node',
  looks_for: ['package.json'],

  async detect(view) {
    const root = await view.list('.');
    if (!fileExists(root, 'package.json')) return undefined;
    const evidence: Evidence[] = [{ marker: 'package.json', reason: 'a Node.js package' }];
    const lock = LOCKFILES.find(([file]) => fileExists(root, file));
    if (lock) evidence.push({ marker: lock[0], reason: `lockfile: installs with ${lock[1]}` });
    if (dirExists(root, 'node_modules')) evidence.push({ marker: 'node_modules/', reason: 'dependencies vendored in the repository' });
    return evidence;
  },

  async plan(view, ctx: PlanContext): Promise<ProviderPlan> {
    const root = await view.list('.');
    const pkg = await readPackageJson(view);
    const scripts = pkg.scripts ?? {};
    const lock = LOCKFILES.find(([file]) => fileExists(root, file));
    const manager: PackageManager = lock?.[1] ?? 'npm';
    const vendored = dirExists(root, 'node_modules');
    const notes: string[] = [];

    const image = chooseNodeImage(pkg.engines?.node, ctx.base_images, ctx.warn);
    const run = manager === 'npm' ? 'npm run' : `${manager} run`;
    const build_command = ctx.build_command ?? (typeof scripts.build === 'string' ? `${run} build` : undefined);

    // With a build step the deps stage needs dev dependencies (bundlers, compilers); they are
    // pruned after the build, so only production dependencies reach the final image.
    let install_command = ctx.install_command;
    let prune: string | undefined;
    if (install_command === undefined) {
      if (vendored) {
        notes.push('node_modules is vendored in the repository and used as is (nothing is fetched)');
      } else {
        install_command = installCommand(manager, lock !== undefined, build_command === undefined);
        if (build_command !== undefined) prune = pruneCommand(manager);
      }
    }
    if (manager !== 'npm') notes.push(`${manager} must be present in ${image} (corepack cannot fetch it offline)`);

    let start_command: StartCommand | undefined = ctx.start_command;
    if (start_command === undefined) {
      if (typeof scripts.start === 'string') start_command = manager === 'npm' ? 'npm start' : `${manager} start`;
      else if (typeof pkg.main === 'string' && (await view.exists(pkg.main))) start_command = ['node', normaliseViewPath(pkg.main)];
      else if (fileExists(root, 'index.js')) start_command = ['node', 'index.js'];
      else {
        throw new UnprocessableError(
          'no start command for this Node.js app: add a "start" script or "main" to package.json, an index.js, or set start_command',
        );
      }
    }

    const manifests = ['package.json', ...(lock ? [lock[0]] : []), ...INSTALL_CONFIG.filter((f) => fileExists(root, f))];
    const local = localDependencies(pkg, ctx.warn);
    const present: string[] = [];
    for (const dir of local) {
      if (await view.exists(dir)) present.push(dir);
      else ctx.warn(`local dependency directory ${dir} does not exist in the repository`);
    }

    const text = dockerfile(
      '# Generated by mikrocloud (nixpacks buildpack, provider: node)',
      // Stage 1: only manifests, lockfile and local packages, so a source change reuses the install layer.
      fromLine(image, 'deps'),
      'WORKDIR /app',
      buildArgs(ctx),
      copyLine(manifests, './'),
      vendored ? copyLine(['node_modules'], './node_modules/') : undefined,
      present.map((dir) => copyLine([dir], `./${dir}/`)),
      install_command === undefined ? undefined : runShell(install_command, 'install_command'),
      '',
      fromLine('deps', 'build'),
      buildArgs(ctx),
      copyLine(['.'], './'),
      build_command === undefined ? undefined : runShell(build_command, 'build_command'),
      prune === undefined ? undefined : runShell(prune),
      '',
      // Final stage: the base image, the app and its production dependencies; no caches, no dev deps.
      fromLine(image),
      'WORKDIR /app',
      envLine('NODE_ENV', 'production'),
      runtimeEnv(ctx),
      copyLine(['/app'], '/app', 'build'),
      cmdLine(start_command),
    );

    return {
      ...(install_command === undefined ? {} : { install_command }),
      ...(build_command === undefined ? {} : { build_command }),
      start_command,
      base_images: { build: image, runtime: image },
      dockerfile: text,
      notes,
    };
  },
};
