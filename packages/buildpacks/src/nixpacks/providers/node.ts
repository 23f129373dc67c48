import { UnprocessableError } from '@mikrocloud/core';
import { assertSafePath, cmdLine, copyLine, envLine, fromLine, packageCacheMounts, runShell } from '../../generated/dockerfile-text.js';
import { rangeAllowsMajor } from '../node-version.js';
import type { BaseImages, Evidence, PlanContext, Provider, ProviderPlan, StartCommand } from '../types.js';
import { normaliseViewPath, type ViewEntry, type WorkspaceView } from '../workspace-view.js';
import { buildArgs, dirExists, dockerfile, fileExists, runtimeEnv } from './common.js';
import { detectFramework, type NodeApp, type NodePackage } from './node-frameworks.js';
import { chooseManager, installCommand, installInputs, managerCache, managerCommand, pruneCommand, runScript, startScript, type PackageManager } from './node-managers.js';

/** Where nginx:alpine serves files from. */
const HTML_ROOT = '/usr/share/nginx/html';

/** nginx site for single-page apps: unknown paths get index.html, so client-side routes load. */
const SPA_NGINX = [
  'server {',
  '    listen 80;',
  `    root ${HTML_ROOT};`,
  '    location / { try_files $uri $uri/ /index.html; }',
  '}',
];

async function readPackageJson(view: WorkspaceView): Promise<NodePackage> {
  const text = await view.readFile('package.json');
  if (text === undefined) {
    throw new UnprocessableError('package.json is missing (or is not a regular file under 1 MiB): a Node.js app needs one at its root');
  }
  if (text.trim() === '') throw new UnprocessableError('package.json is empty: it must hold a JSON object');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as NodePackage;
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
function localDependencies(pkg: NodePackage, warn: (m: string) => void): string[] {
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

/** The start command when none is configured: the framework's fixed entry, the start script, main, index.js. */
async function defaultStart(view: WorkspaceView, root: ViewEntry[], pkg: NodePackage, manager: PackageManager, app: NodeApp | undefined): Promise<StartCommand | undefined> {
  const server = app?.kind === 'server' ? app : undefined;
  // An image holding only the framework's output has no package.json scripts to run.
  if (server?.copy && server.start) return server.start;
  if (typeof pkg.scripts?.start === 'string') return startScript(manager);
  if (server?.start) return server.start;
  const runtime = manager === 'bun' ? 'bun' : 'node';
  for (const entry of [pkg.main, manager === 'bun' ? pkg.module : undefined]) {
    if (typeof entry === 'string' && (await view.exists(entry))) return [runtime, normaliseViewPath(entry)];
  }
  for (const file of manager === 'bun' ? ['index.ts', 'index.js'] : ['index.js']) {
    if (fileExists(root, file)) return [runtime, file];
  }
  return undefined;
}

/** Node.js: `package.json`, installed with the package manager its lockfile names. */
export const nodeProvider: Provider = {
  name: 'node',
  looks_for: ['package.json'],

  async detect(view) {
    const root = await view.list('.');
    if (!fileExists(root, 'package.json')) return undefined;
    const evidence: Evidence[] = [{ marker: 'package.json', reason: 'a Node.js package' }];
    let pkg: NodePackage = {};
    try {
      pkg = JSON.parse((await view.readFile('package.json')) ?? '{}') as NodePackage;
    } catch {
      // plan() reports the unreadable manifest.
    }
    evidence.push(...(await chooseManager(view, root, pkg?.packageManager)).evidence);
    if (dirExists(root, 'node_modules')) evidence.push({ marker: 'node_modules/', reason: 'dependencies vendored in the repository' });
    return evidence;
  },

  async plan(view, ctx: PlanContext): Promise<ProviderPlan> {
    const root = await view.list('.');
    const pkg = await readPackageJson(view);
    const scripts = pkg.scripts ?? {};
    const { manager, lockfile } = await chooseManager(view, root, pkg.packageManager);
    const vendored = dirExists(root, 'node_modules');
    const notes: string[] = [];
    const app = ctx.start_command === undefined ? await detectFramework(view, root, pkg) : undefined;
    if (app) notes.push(`${app.framework} app${app.kind === 'spa' ? `: built, then ${app.outputDir}/ is served by ${ctx.base_images.nginx}` : ''}`);

    const image = manager === 'bun' ? ctx.base_images.bun : chooseNodeImage(pkg.engines?.node, ctx.base_images, ctx.warn);
    const build_command = ctx.build_command ?? (typeof scripts.build === 'string' ? runScript(manager, 'build') : undefined);
    if (app?.kind === 'spa' && build_command === undefined) {
      throw new UnprocessableError(`a ${app.framework} app without a "build" script: add one (it must write ${app.outputDir}/) or set build_command`);
    }

    // With a build step the deps stage needs dev dependencies (bundlers, compilers); they are
    // pruned after the build, so only production dependencies reach the final image.
    // The manager's cache is mounted into the install (and prune) steps where the builder can.
    const caches = packageCacheMounts(ctx.cacheScope, managerCache(manager));
    let install_command = ctx.install_command;
    let prune: string | undefined;
    if (install_command === undefined) {
      if (vendored) {
        notes.push('node_modules is vendored in the repository and used as is (nothing is fetched)');
      } else {
        install_command = installCommand(manager, lockfile !== undefined, build_command === undefined, caches.length > 0);
        if (build_command !== undefined && app?.kind !== 'spa') prune = pruneCommand(manager, caches.length > 0);
      }
    }
    if (manager === 'yarn-berry' && !(await view.exists('.yarn/releases'))) {
      notes.push(`Yarn Berry without .yarn/releases/: ${image} must provide yarn 2+ (corepack cannot fetch it offline)`);
    } else if (manager === 'yarn-berry') {
      notes.push('Yarn Berry runs from .yarn/releases/ (yarnPath); packages come from its offline cache .yarn/cache/');
    } else if (manager !== 'npm') {
      notes.push(`${managerCommand(manager)} must be present in ${image} (corepack cannot fetch it offline)`);
    }

    let start_command: StartCommand | undefined = ctx.start_command;
    if (start_command === undefined && app?.kind !== 'spa') {
      start_command = await defaultStart(view, root, pkg, manager, app);
      if (start_command === undefined) {
        throw new UnprocessableError(
          'no start command for this Node.js app: add a "start" script or "main" to package.json, an index.js, or set start_command',
        );
      }
    }

    const inputs = installInputs(root, manager);
    const manifests = ['package.json', ...(lockfile ? [lockfile] : []), ...inputs.files];
    const present: string[] = [];
    for (const dir of localDependencies(pkg, ctx.warn)) {
      if (await view.exists(dir)) present.push(dir);
      else ctx.warn(`local dependency directory ${dir} does not exist in the repository`);
    }

    const stages = dockerfile(
      `# Generated by mikrocloud (nixpacks buildpack, provider: node${app ? `, ${app.framework}` : ''})`,
      // Stage 1: only manifests, lockfile and local packages, so a source change reuses the install layer.
      fromLine(image, 'deps'),
      'WORKDIR /app',
      buildArgs(ctx),
      copyLine(manifests, './'),
      inputs.dirs.map((dir) => copyLine([dir], `./${dir}/`)),
      vendored ? copyLine(['node_modules'], './node_modules/') : undefined,
      present.map((dir) => copyLine([dir], `./${dir}/`)),
      install_command === undefined ? undefined : runShell(install_command, 'install_command', caches),
      '',
      fromLine('deps', 'build'),
      buildArgs(ctx),
      copyLine(['.'], './'),
      build_command === undefined ? undefined : runShell(build_command, 'build_command'),
      prune === undefined ? undefined : runShell(prune, 'command', caches),
      '',
    );
    const final = app?.kind === 'spa' ? spaStage(app.outputDir, ctx) : serverStage(image, app, start_command!, ctx);
    return {
      ...(install_command === undefined ? {} : { install_command }),
      ...(build_command === undefined ? {} : { build_command }),
      ...(start_command === undefined ? {} : { start_command }),
      base_images: { build: image, runtime: app?.kind === 'spa' ? ctx.base_images.nginx : image },
      dockerfile: stages + final,
      notes,
    };
  },
};

/** The final stage of a single-page app: nginx and the built files, nothing of Node.js. */
function spaStage(outputDir: string, ctx: PlanContext): string {
  assertSafePath(outputDir, 'output directory');
  return dockerfile(
    fromLine(ctx.base_images.nginx),
    runtimeEnv(ctx),
    runShell(`printf '%s\\n' ${SPA_NGINX.map((l) => `'${l}'`).join(' ')} > /etc/nginx/conf.d/default.conf`),
    copyLine([`/app/${outputDir}`], `${HTML_ROOT}/`, 'build'),
  );
}

/** The final stage of a server: the app (or only the framework's self-contained output) on the base image. */
function serverStage(image: string, app: NodeApp | undefined, start: StartCommand, ctx: PlanContext): string {
  const server = app?.kind === 'server' ? app : undefined;
  return dockerfile(
    fromLine(image),
    'WORKDIR /app',
    envLine('NODE_ENV', 'production'),
    Object.entries(server?.env ?? {}).map(([k, v]) => envLine(k, v)),
    runtimeEnv(ctx),
    server?.copy
      ? server.copy.map((c) => copyLine([`/app/${c.from}`], c.to === '.' ? '/app/' : `/app/${c.to}/`, 'build'))
      : copyLine(['/app'], '/app', 'build'),
    cmdLine(start),
  );
}
