import type { WorkspaceView } from './workspace-view.js';

/** One marker a provider found, and what it concluded from it. */
export interface Evidence {
  /** The file or directory, e.g. `package-lock.json`. */
  marker: string;
  reason: string;
}

/** Base images each provider builds from. Tags must exist in the engine (builds never pull). */
export interface BaseImages {
  /** Node image used when package.json does not ask for a version, or asks for one the map lacks. */
  node: string;
  /** Node images by major version, consulted for `engines.node`. */
  node_by_major: Record<string, string>;
  nginx: string;
  /** Image for apps with a bun lockfile: bun installs, builds and runs them. */
  bun: string;
  python: string;
  go_builder: string;
  go_runtime: string;
}

export const DEFAULT_BASE_IMAGES: BaseImages = {
  node: 'node:20-alpine',
  node_by_major: { '20': 'node:20-alpine' },
  nginx: 'nginx:alpine',
  bun: 'oven/bun:1-alpine',
  python: 'python:3.11-slim',
  go_builder: 'golang:1.19',
  go_runtime: 'busybox:latest',
};

/** What the planner hands a provider: the merged overrides and the non-secret variables. */
export interface PlanContext {
  install_command?: string;
  build_command?: string;
  start_command?: string;
  /** Non-secret variables: ARG in build stages, ENV in the runtime stage. */
  variables: Record<string, string>;
  base_images: BaseImages;
  warn(message: string): void;
  /** Id prefix of the caches RUN steps mount (see `packageCacheMounts`); absent: no cache mounts. */
  cacheScope?: string;
}

/**
 * A start command: an argv runs in exec form (`CMD ["node","server.js"]`); a string runs with
 * `sh -c` (so `$PORT` expands); undefined keeps the base image's own CMD.
 */
export type StartCommand = string | string[];

export interface ProviderPlan {
  install_command?: string;
  build_command?: string;
  start_command?: StartCommand;
  base_images: { build?: string; runtime: string };
  dockerfile: string;
  /** Facts worth telling the user (e.g. "node_modules is vendored and used as is"). */
  notes?: string[];
}

/**
 * A language provider: recognises an app from its files and plans its image. The planner asks
 * each provider in order; the first whose `detect` returns evidence plans the build.
 *
 * @example
 * const deno = defineProvider({ name: 'deno', looks_for: ['deno.json'], detect: ..., plan: ... });
 * await planApp(view, config, { providers: [deno, ...DEFAULT_PROVIDERS] });
 */
export interface Provider {
  name: string;
  /** Human-readable list of markers, quoted in the 422 when no provider matches. */
  looks_for: string[];
  detect(view: WorkspaceView): Promise<Evidence[] | undefined>;
  plan(view: WorkspaceView, ctx: PlanContext): Promise<ProviderPlan>;
}

/** Identity helper that types a custom provider. */
export function defineProvider(provider: Provider): Provider {
  return provider;
}
