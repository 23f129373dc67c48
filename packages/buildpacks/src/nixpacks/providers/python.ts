import { parse as parseToml } from 'smol-toml';
import { UnprocessableError } from '@mikrocloud/core';
import { cmdLine, copyLine, envLine, fromLine, runShell, shellQuote } from '../../generated/dockerfile-text.js';
import type { Evidence, PlanContext, Provider, StartCommand } from '../types.js';
import type { WorkspaceView } from '../workspace-view.js';
import { buildArgs, dirExists, dockerfile, fileExists, runtimeEnv } from './common.js';

/**
 * Where dependencies are installed (`pip install --target`). A plain directory on PYTHONPATH
 * works the same in every Python image, whatever its site-packages layout.
 */
const DEPS_DIR = '/opt/python-deps';
const WHEELHOUSES = ['wheelhouse', 'wheels'];
const MARKERS = ['requirements.txt', 'pyproject.toml', 'Pipfile', 'main.py'];

interface Requirements {
  /** Manifest files to copy before installing. */
  manifests: string[];
  /** Distribution names, lower-cased, for start-command detection. */
  names: string[];
  /** pip arguments naming what to install (`-r requirements.txt`, or quoted specifiers). */
  pipArgs: string[];
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

async function readRequirements(view: WorkspaceView, root: { name: string; type: string }[], notes: string[]): Promise<Requirements> {
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
    return { manifests: ['pyproject.toml'], names: specs.map(nameOf).filter((n): n is string => n !== undefined), pipArgs: specs.map(shellQuote) };
  }
  if (fileExists(root, 'Pipfile')) {
    const data = parseTomlFile('Pipfile', (await view.readFile('Pipfile')) ?? '');
    const specs = Object.entries(tomlTable(data.packages)).map(([name, v]) => {
      const version = typeof v === 'string' ? v : tomlTable(v).version;
      return typeof version === 'string' && version !== '*' ? `${name}${version}` : name;
    });
    if (fileExists(root, 'Pipfile.lock')) notes.push('Pipfile.lock is not read: the [packages] of Pipfile are installed with pip');
    return { manifests: ['Pipfile'], names: specs.map(nameOf).filter((n): n is string => n !== undefined), pipArgs: specs.map(shellQuote) };
  }
  return { manifests: [], names: [], pipArgs: [] };
}

/** Procfile `web:` line, the conventional start command of Heroku-style apps. */
async function procfileWeb(view: WorkspaceView): Promise<string | undefined> {
  const text = await view.readFile('Procfile');
  return text === undefined ? undefined : /^web:\s*(.+?)\s*$/m.exec(text)?.[1];
}

async function startCommand(view: WorkspaceView, root: { name: string; type: string }[], names: string[]): Promise<StartCommand> {
  const web = await procfileWeb(view);
  if (web !== undefined) return web;
  const has = (f: string) => fileExists(root, f);
  // Servers bind every interface on $PORT (8000 when unset): a string, so sh expands it.
  if (names.includes('gunicorn')) {
    const module = has('app.py') ? 'app:app' : has('main.py') ? 'main:app' : has('wsgi.py') ? 'wsgi:application' : undefined;
    if (module) return `gunicorn --bind 0.0.0.0:\${PORT:-8000} ${module}`;
  }
  if (names.includes('uvicorn')) {
    const module = has('main.py') ? 'main:app' : has('app.py') ? 'app:app' : undefined;
    if (module) return `uvicorn ${module} --host 0.0.0.0 --port \${PORT:-8000}`;
  }
  if (has('main.py')) return ['python', 'main.py'];
  if (has('app.py')) return ['python', 'app.py'];
  throw new UnprocessableError('no start command for this Python app: add a Procfile "web:" line, a main.py or app.py, or set start_command');
}

function installFor(reqs: Requirements, wheelhouse: string | undefined, ctx: PlanContext): string | undefined {
  if (reqs.pipArgs.length === 0) return undefined;
  if (wheelhouse === undefined) {
    ctx.warn(`${reqs.manifests[0]} lists dependencies but the repository has no wheelhouse/ (or wheels/) directory; builds are offline, so pip will fail unless an index is reachable`);
  }
  const source = wheelhouse === undefined ? [] : ['--no-index', `--find-links=/app/${wheelhouse}`];
  return ['pip', 'install', '--no-cache-dir', '--disable-pip-version-check', `--target=${DEPS_DIR}`, ...source, ...reqs.pipArgs].join(' ');
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
    const start_command = ctx.start_command ?? (await startCommand(view, root, reqs.names));
    const image = ctx.base_images.python;

    const text = dockerfile(
      '# Generated by mikrocloud (nixpacks buildpack, provider: python)',
      fromLine(image, 'build'),
      'WORKDIR /app',
      buildArgs(ctx),
      install_command === undefined
        ? undefined
        : [
            // Manifests and wheels first: a source change reuses the install layer.
            reqs.manifests.length > 0 ? copyLine(reqs.manifests, './') : [],
            wheelhouse === undefined ? [] : copyLine([wheelhouse], `./${wheelhouse}/`),
            // The runtime stage copies DEPS_DIR; a custom install may not create it.
            ctx.install_command === undefined ? [] : `RUN ${JSON.stringify(['mkdir', '-p', DEPS_DIR])}`,
            runShell(install_command, 'install_command'),
          ],
      copyLine(['.'], './'),
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
