import type { StartCommand } from '../types.js';
import { normaliseViewPath, type ViewEntry, type WorkspaceView } from '../workspace-view.js';
import { fileExists } from './common.js';

/** What package.json says that framework detection reads. */
export interface NodePackage {
  name?: unknown;
  main?: unknown;
  module?: unknown;
  packageManager?: unknown;
  scripts?: Record<string, unknown>;
  engines?: { node?: unknown };
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
}

/**
 * What kind of app the framework makes:
 * - `spa`: a build writes static files to `outputDir`, served by nginx (no Node.js at run time);
 * - `server`: a Node.js server; `start` when the framework fixes its entry, `copy` when only
 *   those build outputs need to reach the final image (Next.js standalone, Nuxt's `.output`).
 */
export type NodeApp =
  | { kind: 'spa'; framework: string; outputDir: string }
  | { kind: 'server'; framework: string; start?: StartCommand; copy?: { from: string; to: string }[]; env?: Record<string, string> };

const CONFIG_EXTENSIONS = ['js', 'mjs', 'cjs', 'ts', 'mts'];

async function readConfig(view: WorkspaceView, root: ViewEntry[], base: string): Promise<string | undefined> {
  for (const ext of CONFIG_EXTENSIONS) {
    if (fileExists(root, `${base}.${ext}`)) return view.readFile(`${base}.${ext}`);
  }
  return undefined;
}

/** A relative output folder, or the fallback when the config names something odd. */
function outputPath(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  try {
    return normaliseViewPath(value) || fallback;
  } catch {
    return fallback;
  }
}

function angularOutput(text: string | undefined, name: unknown): string {
  try {
    const json = JSON.parse(text ?? '') as { defaultProject?: string; projects?: Record<string, { architect?: { build?: { builder?: string; options?: { outputPath?: unknown } } } }> };
    const projects = json.projects ?? {};
    const key = json.defaultProject ?? (typeof name === 'string' && projects[name] ? name : Object.keys(projects)[0]);
    const build = key === undefined ? undefined : projects[key]?.architect?.build;
    const raw = build?.options?.outputPath;
    const base = outputPath(typeof raw === 'string' ? raw : typeof raw === 'object' && raw !== null ? String((raw as { base?: unknown }).base ?? '') || undefined : undefined, `dist/${key ?? 'app'}`);
    // The application builder (Angular 17+) writes the browser bundle to <outputPath>/browser.
    return build?.builder?.endsWith(':application') ? `${base}/browser` : base;
  } catch {
    return 'dist';
  }
}

/**
 * Recognises the framework of a Node.js app from its dependencies and config files, in the
 * order Nixpacks checks them. Undefined for a plain Node.js app.
 */
export async function detectFramework(view: WorkspaceView, root: ViewEntry[], pkg: NodePackage): Promise<NodeApp | undefined> {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const has = (name: string) => deps[name] !== undefined;
  const scripts = pkg.scripts ?? {};
  const script = (name: string) => (typeof scripts[name] === 'string' ? (scripts[name] as string) : undefined);

  if (has('next')) {
    const config = (await readConfig(view, root, 'next.config')) ?? '';
    if (/output\s*:\s*['"]standalone['"]/.test(config)) {
      return {
        kind: 'server',
        framework: 'Next.js (standalone output)',
        start: ['node', 'server.js'],
        copy: [
          { from: '.next/standalone', to: '.' },
          { from: '.next/static', to: '.next/static' },
          ...(root.some((e) => e.name === 'public' && e.type === 'dir') ? [{ from: 'public', to: 'public' }] : []),
        ],
        env: { HOSTNAME: '0.0.0.0' },
      };
    }
    return { kind: 'server', framework: 'Next.js' };
  }
  if (has('nuxt') || has('nuxt3')) {
    if (/\bnuxt generate\b/.test(script('build') ?? '')) return { kind: 'spa', framework: 'Nuxt (generate)', outputDir: '.output/public' };
    return { kind: 'server', framework: 'Nuxt', start: ['node', '.output/server/index.mjs'], copy: [{ from: '.output', to: '.output' }] };
  }
  if (has('@remix-run/dev') || has('@remix-run/serve')) {
    return { kind: 'server', framework: 'Remix', start: ['node_modules/.bin/remix-serve', 'build/index.js'] };
  }
  if (has('@react-router/dev')) {
    const config = (await readConfig(view, root, 'react-router.config')) ?? '';
    if (/ssr\s*:\s*false/.test(config)) return { kind: 'spa', framework: 'React Router (SPA mode)', outputDir: 'build/client' };
    return { kind: 'server', framework: 'React Router', start: ['node_modules/.bin/react-router-serve', 'build/server/index.js'] };
  }
  if (has('@sveltejs/kit')) {
    if (has('@sveltejs/adapter-static')) return { kind: 'spa', framework: 'SvelteKit (static adapter)', outputDir: 'build' };
    return { kind: 'server', framework: 'SvelteKit', start: ['node', 'build'] };
  }
  if (has('astro')) {
    const config = (await readConfig(view, root, 'astro.config')) ?? '';
    if (/output\s*:\s*['"](server|hybrid)['"]/.test(config)) {
      return { kind: 'server', framework: 'Astro (server output)', start: ['node', './dist/server/entry.mjs'], env: { HOST: '0.0.0.0' } };
    }
    return { kind: 'spa', framework: 'Astro (static output)', outputDir: outputPath(/outDir\s*:\s*['"]([^'"]+)['"]/.exec(config)?.[1], 'dist') };
  }
  if (has('@angular/core') && fileExists(root, 'angular.json')) {
    return { kind: 'spa', framework: 'Angular', outputDir: angularOutput(await view.readFile('angular.json'), pkg.name) };
  }
  if (has('react-scripts')) return { kind: 'spa', framework: 'Create React App', outputDir: 'build' };
  const start = script('start');
  if (has('vite') && script('build') !== undefined && (start === undefined || /^vite(\s|$)/.test(start))) {
    const config = (await readConfig(view, root, 'vite.config')) ?? '';
    return { kind: 'spa', framework: 'Vite', outputDir: outputPath(/outDir\s*:\s*['"]([^'"]+)['"]/.exec(config)?.[1], 'dist') };
  }
  return undefined;
}
