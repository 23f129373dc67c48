import type { BuildPlan } from '../plan.js';
import type { NixpacksPlanFields } from './corpus-types.js';

/** The four compared fields, reduced to what both planners mean by them. */
export interface FoldedPlan {
  provider: string;
  install: string;
  build: string;
  start: string;
}

/**
 * Differences that are deliberate, folded away before comparing. Each entry says why; the
 * buildpacks README lists the same.
 */
export const FOLDS: readonly { name: string; reason: string }[] = [
  { name: 'offline and cache flags', reason: 'builds here never reach a registry (--offline, --immutable-cache) and keep no package caches in layers' },
  { name: 'production installs', reason: 'without a build step only production dependencies are installed (--omit=dev, --prod); with one, dev dependencies are pruned after it' },
  { name: 'command spelling', reason: '`npm start` is `npm run start`, `npm install` is `npm i`, an argv is its words joined' },
  { name: 'Python installers', reason: 'dependencies install with pip into one target directory, pinned from the lock file (poetry.lock, uv.lock, Pipfile.lock, pdm.lock); the lock tools themselves are not in offline base images' },
  { name: 'Go module download', reason: '`go mod download` needs the network; builds use vendor/ (GOFLAGS=-mod=vendor, GOPROXY=off)' },
  { name: 'Go binary path and flags', reason: 'the binary is built with -trimpath -ldflags="-s -w" to /out/app and runs as /app/app on busybox, where Nixpacks writes ./out' },
  { name: 'bind address', reason: 'servers are told to bind 0.0.0.0:${PORT:-8000} explicitly; Nixpacks relies on $PORT being set by its platform' },
  { name: 'static file server', reason: 'static sites and single-page apps are served by nginx:alpine with its own CMD, where Nixpacks runs Caddy or a Nix nginx it sets up in a build step' },
];

const STATIC_SERVER = '(static file server)';
const PYTHON_DEPS = '(python dependencies)';

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function foldInstall(cmd: string | undefined, provider: string): string {
  if (cmd === undefined) return '';
  if (provider === 'go') return '';
  if (provider === 'python') return /\b(pip|poetry|uv|pipenv|pdm) (install|sync)\b/.test(cmd) ? PYTHON_DEPS : squash(cmd);
  let c = cmd
    .replace(/ && (npm cache clean --force|yarn cache clean|pnpm store prune)/g, '')
    .replace(/ --(offline|no-audit|no-fund|omit=dev|production|prod|immutable|immutable-cache|check-cache|no-save|frozen-lockfile)\b/g, '')
    .replace(/^yarn set version berry && /, '')
    .replace(/^YARN_ENABLE_NETWORK=0 (YARN_ENABLE_GLOBAL_CACHE=0 )?/, '');
  c = c.replace(/^(npm|pnpm|bun) install\b/, '$1 i');
  return squash(c);
}

function foldBuild(cmd: string | undefined, provider: string): string {
  if (cmd === undefined) return '';
  if (provider === 'go') return /^go build\b/.test(cmd) ? 'go build' : squash(cmd);
  if (provider === 'static' && cmd.startsWith('mkdir /etc/nginx/')) return '';
  return squash(cmd);
}

function foldStart(cmd: string | string[] | undefined, runtimeImage: string | undefined): string {
  if (cmd === undefined) return runtimeImage !== undefined && /nginx|caddy/.test(runtimeImage) ? STATIC_SERVER : '';
  let c = Array.isArray(cmd) ? cmd.join(' ') : cmd;
  if (/\bcaddy run\b|^nginx -c|&& nginx -c/.test(c)) return STATIC_SERVER;
  c = c
    .replace(/^(npm|yarn|pnpm|bun) start$/, '$1 run start')
    .replace(/ --bind 0\.0\.0\.0:\$\{PORT:-8000\}/g, '')
    .replace(/ --host 0\.0\.0\.0 --port (\$\{PORT:-8000\}|\$PORT)/g, '')
    .replace(/^(\.\/out|\/app\/app)$/, '(go binary)');
  return squash(c);
}

/** Our plan, folded. */
export function foldOurs(plan: BuildPlan): FoldedPlan {
  return {
    provider: plan.provider,
    install: foldInstall(plan.install_command, plan.provider),
    build: foldBuild(plan.build_command, plan.provider),
    start: foldStart(plan.start_command, plan.base_images.runtime),
  };
}

/** Nixpacks' plan, folded. */
export function foldNixpacks(fields: NixpacksPlanFields): FoldedPlan {
  const provider = fields.provider === 'staticfile' ? 'static' : fields.provider;
  return {
    provider,
    install: foldInstall(fields.install, provider),
    build: foldBuild(fields.build, provider),
    start: foldStart(fields.start, undefined),
  };
}
