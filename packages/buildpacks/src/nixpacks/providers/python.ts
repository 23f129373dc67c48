import { parse as parseToml } from 'smol-toml';
import { UnprocessableError } from '@mikrocloud/core';
import { readLockedRequirements } from './python-locks.js';
import { pythonStartCommand } from './python-start.js';
import { cmdLine, copyLine, envLine, fromLine, packageCacheMounts, runShell, shellQuote } from '../../generated/dockerfile-text.js';
import type { Evidence, PlanContext, Provider, StartCommand } from '../types.js';
import type { ViewEntry, WorkspaceView } from '../workspace-view.js';
import { buildArgs, dirExists, dockerfile, fileExists, runtimeEnv } from './common.js';

/**
 * Where dependencies are installed (`pip install --target`). A plain directory on PYTHONPATH
 * works the same in every Python image, whatever its site-packages layout.
 */
const DEPS_DIR = '/opt/python-deps';
const WHEELHOUSES = ['wheelhouse', 'wheels'];
const MARKERS = ['requirements.txt', 'pyproject.toml', 'Pipfile', 'manage.py', 'main.py'];

interface Requirements {
  /** Manifest files to copy before installing. */
  manifests: string[];
  /** Distribution names, lower-cased, for start-command detection. */
  names: string[];
  /** pip arguments naming what to install (`-r requirements.txt`, or quoted specifiers). */
  pipArgs: string[];
  /** pyproject's `[project].name` (or Poetry's), for `python -m`. */
  projectName?: string;
  /** The project is a setuptools package installed as a whole (`pip install .`, after the sources). */
  installProject?: boolean;
}

const nameOf = (spec: string) => /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1]?.toLowerCase().replace(/_/g, '-');

function tomlTable(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function parseTomlFile(name: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    throw new UnprocessableError(`${name} cannot be parsed: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function readManifest(view: WorkspaceView, root: ViewEntry[], notes: string[]): Promise<Requirements> {
  if (fileExists(root, 'requirements.txt')) {
    const text = (await view.readFile('requirements.txt')) ?? '';
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
      .filter((l) => l !== '');
    const names = lines.filter((l) => !l.startsWith('-')).map(nameOf).filter((n): n is string => n !== undefined);
    return { manifests: ['requirements.txt'], names, pipArgs: lines.length > 0 ? ['-r', 'requirements.txt'] : [] };
  }
  if (fileExists(root, 'pyproject.toml')) {
    const data = parseTomlFile('pyproject.toml', (await view.readFile('pyproject.toml')) ?? '');
    const project = tomlTable(data.project);
    let specs = Array.isArray(project.dependencies) ? project.dependencies.filter((d): d is string => typeof d === 'string') : [];
    const poetry = tomlTable(tomlTable(tomlTable(data.tool).poetry).dependencies);
    if (specs.length === 0 && Object.keys(poetry).length > 0) {
      specs = Object.entries(poetry)
        .filter(([name]) => name.toLowerCase() !== 'python')
        .map(([name, v]) => (typeof v === 'string' && v !== '*' && /^[<>=!~]/.test(v) ? `${name}${v}` : name));
      notes.push('Poetry dependencies are installed with pip by name (caret/tilde constraints are not translated)');
    }
    // Only the dependency list is installed, not the project itself: an app's pyproject often
    // has no build backend, and one would have to be in the wheelhouse.
    const backend = tomlTable(data['build-system']).requires;
    // A setuptools package with no script to run is installed itself, as Nixpacks does (`pip install .`);
    // the image's own setuptools builds it (--no-build-isolation), so nothing is fetched.
    const installProject =
      Array.isArray(backend) &&
      backend.length > 0 &&
      backend.every((r) => typeof r === 'string' && /^(setuptools|wheel)\b/.test(r)) &&
      !fileExists(root, 'main.py') &&
      !fileExists(root, 'app.py');
    const projectName = [project.name, tomlTable(tomlTable(data.tool).poetry).name].find((n): n is string => typeof n === 'string');
    return {
      manifests: ['pyproject.toml'],
      names: specs.map(nameOf).filter((n): n is string => n !== undefined),
      pipArgs: specs.map(shellQuote),
      ...(projectName === undefined ? {} : { projectName }),
      ...(installProject ? { installProject } : {}),
    };
  }
  if (fileExists(root, 'Pipfile')) {
    const data = parseTomlFile('Pipfile', (await view.readFile('Pipfile')) ?? '');
    const specs = Object.entries(tomlTable(data.packages)).map(([name, v]) => {
      const version = typeof v === 'string' ? v : tomlTable(v).version;
      return typeof version === 'string' && version !== '*' ? `${name}${version}` : name;
    });
    return { manifests: ['Pipfile'], names: specs.map(nameOf).filter((n): n is string => n !== undefined), pipArgs: specs.map(shellQuote) };
  }
  return { manifests: [], names: [], pipArgs: [] };
}

/**
 * What to install: requirements.txt as it is; otherwise the pins of a lock file (poetry.lock,
 * uv.lock, Pipfile.lock, pdm.lock) with `--no-deps`, so the locked versions are what runs; else
 * the manifest's own dependency list.
 */
async function readRequirements(view: WorkspaceView, root: ViewEntry[], notes: string[]): Promise<Requirements> {
  const manifest = await readManifest(view, root, notes);
  if (fileExists(root, 'requirements.txt')) return manifest;
  const locked = await readLockedRequirements(view, root);
  if (locked === undefined || locked.pins.length === 0) return manifest;
  notes.push(`installs the ${locked.pins.length} pinned packages of ${locked.lockfile} with pip (--no-deps: the lock file is the whole set)`);
  return {
    ...manifest,
    manifests: [...manifest.manifests, locked.lockfile],
    names: [...new Set([...manifest.names, ...locked.pins.map((p) => nameOf(p)!)])],
    pipArgs: ['--no-deps', ...locked.pins.map(shellQuote)],
  };
}

function installFor(reqs: Requirements, wheelhouse: string | undefined, ctx: PlanContext): string | undefined {
  // pip keeps its cache out of the layer itself unless the cache is a mount (kept for the next build).
  const noCache = packageCacheMounts(ctx.cacheScope, 'pip').length > 0 ? [] : ['--no-cache-dir'];
  if (reqs.installProject) {
    return ['pip', 'install', ...noCache, '--disable-pip-version-check', '--no-build-isolation', `--target=${DEPS_DIR}`, ...(wheelhouse === undefined ? ['--no-deps'] : ['--no-index', `--find-links=/app/${wheelhouse}`]), '.'].join(' ');
  }
  if (reqs.pipArgs.length === 0) return undefined;
  if (wheelhouse === undefined) {
    ctx.warn(`${reqs.manifests[0]} lists dependencies but the repository has no wheelhouse/ (or wheels/) directory; builds are offline, so pip will fail unless an index is reachable`);
  }
  const source = wheelhouse === undefined ? [] : ['--no-index', `--find-links=/app/${wheelhouse}`];
  return ['pip', 'install', ...noCache, '--disable-pip-version-check', `--target=${DEPS_DIR}`, ...source, ...reqs.pipArgs].join(' ');
}

/** Python: requirements.txt, pyproject.toml or Pipfile, installed from a vendored wheelhouse. */
export const pythonProvider: Provider = {
  name: 'python',
  looks_for: MARKERS,

  async detect(view) {
    const root = await view.list('.');
    const found = MARKERS.filter((m) => fileExists(root, m));
    if (found.length === 0) return undefined;
    const evidence: Evidence[] = found.map((marker) => ({ marker, reason: marker.endsWith('.py') ? 'a Python entry point' : 'Python dependencies' }));
    const wheelhouse = WHEELHOUSES.find((d) => dirExists(root, d));
    if (wheelhouse) evidence.push({ marker: `${wheelhouse}/`, reason: 'vendored wheels: installs with --no-index' });
    return evidence;
  },

  async plan(view, ctx) {
    const root = await view.list('.');
    const notes: string[] = [];
    const reqs = await readRequirements(view, root, notes);
    const wheelhouse = WHEELHOUSES.find((d) => dirExists(root, d));
    const install_command = ctx.install_command ?? installFor(reqs, wheelhouse, ctx);
    if (install_command === undefined) notes.push('no dependencies: nothing to install');
    const start_command = ctx.start_command ?? (await pythonStartCommand(view, root, reqs.names, reqs.projectName, ctx));
    const image = ctx.base_images.python;
    // A project installed as a whole needs its sources first.
    const early = install_command !== undefined && !(reqs.installProject && ctx.install_command === undefined);
    const pipCaches = packageCacheMounts(ctx.cacheScope, 'pip');

    const text = dockerfile(
      '# Generated by mikrocloud (nixpacks buildpack, provider: python)',
      fromLine(image, 'build'),
      'WORKDIR /app',
      buildArgs(ctx),
      !early
        ? undefined
        : [
            // Manifests and wheels first: a source change reuses the install layer.
            reqs.manifests.length > 0 ? copyLine(reqs.manifests, './') : [],
            wheelhouse === undefined ? [] : copyLine([wheelhouse], `./${wheelhouse}/`),
            // The runtime stage copies DEPS_DIR; a custom install may not create it.
            ctx.install_command === undefined ? [] : `RUN ${JSON.stringify(['mkdir', '-p', DEPS_DIR])}`,
            runShell(install_command, 'install_command', pipCaches),
          ],
      copyLine(['.'], './'),
      install_command !== undefined && !early ? runShell(install_command, 'install_command', pipCaches) : undefined,
      ctx.build_command === undefined ? undefined : runShell(ctx.build_command, 'build_command'),
      // The wheels served the install; the final image needs only what they installed.
      wheelhouse === undefined ? undefined : runShell(`rm -rf ./${wheelhouse}`),
      '',
      fromLine(image),
      'WORKDIR /app',
      envLine('PYTHONUNBUFFERED', '1'),
      envLine('PYTHONDONTWRITEBYTECODE', '1'),
      install_command === undefined ? undefined : [envLine('PYTHONPATH', DEPS_DIR), `ENV PATH="${DEPS_DIR}/bin:\${PATH}"`],
      runtimeEnv(ctx),
      install_command === undefined ? undefined : copyLine([DEPS_DIR], DEPS_DIR, 'build'),
      copyLine(['/app'], '/app', 'build'),
      cmdLine(start_command),
    );
    return {
      ...(install_command === undefined ? {} : { install_command }),
      ...(ctx.build_command === undefined ? {} : { build_command: ctx.build_command }),
      start_command,
      base_images: { build: image, runtime: image },
      dockerfile: text,
      notes,
    };
  },
};
