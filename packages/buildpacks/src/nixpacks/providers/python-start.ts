import { UnprocessableError } from '@mikrocloud/core';
import type { PlanContext, StartCommand } from '../types.js';
import type { ViewEntry, WorkspaceView } from '../workspace-view.js';
import { fileExists } from './common.js';

/** Binds every interface on $PORT, 8000 when unset: written as a string so sh expands it. */
const PORT = '${PORT:-8000}';

/** Whether a module defines a top-level `app` (Flask, FastAPI, any WSGI/ASGI callable). */
async function definesApp(view: WorkspaceView, file: string): Promise<boolean> {
  const text = await view.readFile(file);
  return text !== undefined && /^app\s*(:[^=\n]*)?=/m.test(text);
}

/**
 * The Django project's WSGI module, found where it is: `WSGI_APPLICATION` in a settings module,
 * else the one folder with a `wsgi.py` (or a root `wsgi.py`).
 */
async function djangoWsgiModule(view: WorkspaceView, root: ViewEntry[]): Promise<string | undefined> {
  const dirs = root.filter((e) => e.type === 'dir' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name));
  for (const dir of dirs) {
    const settings = await view.readFile(`${dir.name}/settings.py`);
    const named = settings === undefined ? undefined : /^\s*WSGI_APPLICATION\s*=\s*['"]([A-Za-z0-9_.]+)\.application['"]/m.exec(settings)?.[1];
    if (named !== undefined) return named;
  }
  for (const dir of dirs) {
    if (await view.exists(`${dir.name}/wsgi.py`)) return `${dir.name}.wsgi`;
  }
  return fileExists(root, 'wsgi.py') ? 'wsgi' : undefined;
}

/** `python -m <name>` when pyproject's project name is a folder with a `__main__.py`, as Nixpacks runs it. */
async function projectModule(view: WorkspaceView, projectName: string | undefined): Promise<string | undefined> {
  if (projectName === undefined || !/^[A-Za-z0-9_.-]+$/.test(projectName)) return undefined;
  for (const name of [projectName, projectName.replace(/-/g, '_')]) {
    if (await view.exists(`${name}/__main__.py`)) return name;
  }
  return undefined;
}

/**
 * The start command of a Python app, first match wins: Django (`manage.py`: migrate, then
 * gunicorn on the WSGI module, or runserver without gunicorn); an `app` object served by
 * gunicorn or uvicorn when they are dependencies (a module without `app` is run as a script:
 * gunicorn could not import it); pyproject's package as `python -m`; `main.py`; `app.py`.
 */
export async function pythonStartCommand(
  view: WorkspaceView,
  root: ViewEntry[],
  names: string[],
  projectName: string | undefined,
  ctx: PlanContext,
): Promise<StartCommand> {
  const has = (f: string) => fileExists(root, f);
  if (has('manage.py')) {
    const wsgi = await djangoWsgiModule(view, root);
    if (names.includes('gunicorn') && wsgi !== undefined) return `python manage.py migrate && gunicorn --bind 0.0.0.0:${PORT} ${wsgi}`;
    ctx.warn(
      wsgi === undefined
        ? 'a Django app without a WSGI module (no WSGI_APPLICATION, no <project>/wsgi.py): it runs with manage.py runserver'
        : 'gunicorn is not a dependency: the Django app runs with manage.py runserver (add gunicorn to serve it properly)',
    );
    return `python manage.py migrate && python manage.py runserver 0.0.0.0:${PORT}`;
  }
  for (const file of ['main.py', 'app.py', 'wsgi.py', 'asgi.py']) {
    if (!has(file) || !(await definesApp(view, file))) continue;
    const module = `${file.slice(0, -3)}:app`;
    const asgi = names.includes('fastapi') || names.includes('starlette') || file === 'asgi.py';
    if (asgi && names.includes('uvicorn')) return `uvicorn ${module} --host 0.0.0.0 --port ${PORT}`;
    if (names.includes('gunicorn') && !asgi) return `gunicorn --bind 0.0.0.0:${PORT} ${module}`;
    if (names.includes('uvicorn')) return `uvicorn ${module} --host 0.0.0.0 --port ${PORT}`;
  }
  const module = has('main.py') || has('app.py') ? undefined : await projectModule(view, projectName);
  if (module !== undefined) return ['python', '-m', module];
  if (has('main.py')) return ['python', 'main.py'];
  if (has('app.py')) return ['python', 'app.py'];
  throw new UnprocessableError(
    'no start command for this Python app: add a Procfile "web:" line, a manage.py, main.py or app.py, or set start_command',
  );
}
