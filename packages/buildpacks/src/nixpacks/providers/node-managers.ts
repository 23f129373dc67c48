import type { PackageCacheTool } from '../../generated/dockerfile-text.js';
import type { Evidence } from '../types.js';
import type { ViewEntry, WorkspaceView } from '../workspace-view.js';
import { dirExists, fileExists } from './common.js';

/** The package managers the node provider plans for. `yarn-berry` is Yarn 2 and later. */
export type PackageManager = 'npm' | 'yarn' | 'yarn-berry' | 'pnpm' | 'bun';

const LOCKFILES: [file: string, manager: PackageManager][] = [
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

export interface ManagerChoice {
  manager: PackageManager;
  lockfile?: string;
  evidence: Evidence[];
}

/** The command that runs the manager (`yarn` for both Yarn lines). */
export const managerCommand = (m: PackageManager): string => (m === 'yarn-berry' ? 'yarn' : m);

/**
 * The package manager: named by the lockfile (bun, pnpm, yarn, npm); Yarn Berry is told from
 * Yarn 1 by `.yarnrc.yml`, `.yarn/releases/`, a `__metadata` block in yarn.lock or
 * `packageManager: yarn@2+`.
 */
export async function chooseManager(view: WorkspaceView, root: ViewEntry[], packageManager: unknown): Promise<ManagerChoice> {
  const lock = LOCKFILES.find(([file]) => fileExists(root, file));
  const declared = typeof packageManager === 'string' ? /^(npm|yarn|pnpm|bun)@(\d+)/.exec(packageManager) : null;
  let manager: PackageManager = lock?.[1] ?? ((declared?.[1] as PackageManager | undefined) ?? 'npm');
  const evidence: Evidence[] = [];
  if (manager === 'yarn') {
    const berryMarker = fileExists(root, '.yarnrc.yml')
      ? '.yarnrc.yml'
      : (await view.exists('.yarn/releases'))
        ? '.yarn/releases/'
        : declared?.[1] === 'yarn' && Number(declared[2]) >= 2
          ? 'package.json#packageManager'
          : /^__metadata:/m.test((await view.readFile('yarn.lock')) ?? '')
            ? 'yarn.lock'
            : undefined;
    if (berryMarker !== undefined) {
      manager = 'yarn-berry';
      evidence.push({ marker: berryMarker, reason: 'Yarn Berry (2+): installs with yarn install --immutable' });
    }
  }
  if (lock) evidence.unshift({ marker: lock[0], reason: `lockfile: installs with ${managerCommand(manager)}` });
  return { manager, ...(lock ? { lockfile: lock[0] } : {}), evidence };
}

/** Files and folders the manager reads while installing, copied with the manifest so the install layer is cached on them. */
export function installInputs(root: ViewEntry[], manager: PackageManager): { files: string[]; dirs: string[] } {
  const files = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'pnpm-workspace.yaml', 'bunfig.toml'].filter((f) => fileExists(root, f));
  // Berry's own release, plugins and offline cache live in .yarn/.
  const dirs = manager === 'yarn-berry' && dirExists(root, '.yarn') ? ['.yarn'] : [];
  return { files, dirs };
}

/** The cache the manager's install can mount (none for Berry, which keeps its own in `.yarn/`, and bun). */
export function managerCache(manager: PackageManager): PackageCacheTool | undefined {
  return manager === 'npm' || manager === 'yarn' || manager === 'pnpm' ? manager : undefined;
}

/**
 * The offline install; `production` leaves dev dependencies out (no build step needs them).
 * Without a mounted cache (`cacheMounted`) the cache is emptied in the same step, so it never
 * lands in the layer; a mounted one is kept for the next build.
 */
export function installCommand(manager: PackageManager, locked: boolean, production: boolean, cacheMounted = false): string {
  switch (manager) {
    case 'bun':
      return `bun install${locked ? ' --frozen-lockfile' : ''}${production ? ' --production' : ''}`;
    case 'pnpm':
      return `pnpm install --frozen-lockfile --offline${production ? ' --prod' : ''}${cacheMounted ? '' : ' && pnpm store prune'}`;
    case 'yarn-berry':
      // Berry reads its offline mirror (.yarn/cache) and never the network with YARN_ENABLE_NETWORK=0.
      // Its cache stays in the project (not ~/.yarn/berry), so the PnP install reaches the final image with /app.
      return `YARN_ENABLE_NETWORK=0 YARN_ENABLE_GLOBAL_CACHE=0 yarn install --immutable${locked ? '' : ' --no-immutable'}`;
    case 'yarn':
      return `yarn install --frozen-lockfile --offline${production ? ' --production' : ''}${cacheMounted ? '' : ' && yarn cache clean'}`;
    default:
      return `npm ${locked ? 'ci' : 'install'}${production ? ' --omit=dev' : ''} --offline --no-audit --no-fund${cacheMounted ? '' : ' && npm cache clean --force'}`;
  }
}

/** Removes dev dependencies after the build, where the manager can do it offline. */
export function pruneCommand(manager: PackageManager, cacheMounted = false): string | undefined {
  switch (manager) {
    case 'pnpm':
      // pnpm prune has no --offline flag; it only removes what the lockfile no longer needs, from the local store.
      return 'pnpm prune --prod';
    case 'yarn':
      return `yarn install --frozen-lockfile --offline --production --ignore-scripts${cacheMounted ? '' : ' && yarn cache clean'}`;
    case 'npm':
      return `npm prune --omit=dev --offline --no-audit --no-fund${cacheMounted ? '' : ' && npm cache clean --force'}`;
    default:
      // bun and Berry have no offline prune that keeps the lockfile honest; dev dependencies stay.
      return undefined;
  }
}

/** `npm run build`, `yarn run build`, `bun run build`. */
export const runScript = (manager: PackageManager, script: string): string => `${managerCommand(manager)} run ${script}`;

/** The start script: `npm start`, `yarn start`, `pnpm start`, `bun run start`. */
export const startScript = (manager: PackageManager): string => (manager === 'bun' ? 'bun run start' : `${managerCommand(manager)} start`);
