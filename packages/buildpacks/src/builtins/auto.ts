import Type from 'typebox';
import { ValidationError } from '@mikrocloud/core';
import { NixpacksConfig } from '../nixpacks/config.js';
import { defineBuildpack, type Buildpack, type BuildpackContext } from '../plugin/buildpack.js';
import type { BuildDetection } from '../records/build-record.js';
import type { BuildWorkspace } from '../workspace/workspace.js';
import { COMPOSE_FILE_NAMES, parseComposeBuilds } from './compose.js';

/** Which buildpack `auto` chose for a repository, and why (and, once nixpacks has planned, its provider). */
export type DetectedBuildpack = BuildDetection & { buildpack_type: 'dockerfile' | 'docker-compose' | 'nixpacks' };

/** Configuration of the `auto` buildpack (`auto_config`): the nixpacks settings used when it falls back to nixpacks. */
export const AutoConfig = Type.Object(
  {
    nixpacks_config: Type.Optional(NixpacksConfig),
  },
  { additionalProperties: false },
);

/**
 * Chooses a buildpack the way a user would: the repository's own Dockerfile first, then a
 * compose file with exactly one service to build, otherwise the nixpacks planner.
 */
export async function detectBuildpack(workspace: BuildWorkspace): Promise<DetectedBuildpack> {
  if ((await workspace.exists('Dockerfile')) && !(await workspace.isDirectory('Dockerfile'))) {
    return { buildpack_type: 'dockerfile', reason: 'the repository has a Dockerfile at its root' };
  }
  let composeNote = '';
  for (const name of COMPOSE_FILE_NAMES) {
    if (!(await workspace.exists(name)) || (await workspace.isDirectory(name))) continue;
    let buildable: string[];
    try {
      buildable = [...parseComposeBuilds(await workspace.readText(name, name), name)].filter(([, b]) => b !== undefined).map(([n]) => n);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      composeNote = `; ${name} was not used (${error.problems[0]?.message ?? 'unreadable'})`;
      break;
    }
    if (buildable.length === 1) {
      return { buildpack_type: 'docker-compose', reason: `${name} has one service with a build section (${buildable[0]})` };
    }
    composeNote = `; ${name} was not used: it has ${buildable.length} services with a build section (choose one with buildpack_type "docker-compose")`;
    break;
  }
  return { buildpack_type: 'nixpacks', reason: `no Dockerfile or single-service compose file: the nixpacks planner detects the app${composeNote}` };
}

/** The buildpacks `auto` hands a repository to. */
export interface AutoTargets {
  dockerfile: Buildpack;
  compose: Buildpack;
  nixpacks: Buildpack;
}

/**
 * `buildpack_type: "auto"`: detects which buildpack fits ({@link detectBuildpack}), reports the
 * choice and its reason (`ctx.detected`, the build record's `detected`), writes it to the build
 * log, and builds with it. Its plan is the chosen buildpack's plan, or null for buildpacks that
 * build what the repository describes.
 */
export function createAutoBuildpack(targets: AutoTargets) {
  const pick = (detected: DetectedBuildpack) =>
    detected.buildpack_type === 'dockerfile' ? targets.dockerfile : detected.buildpack_type === 'docker-compose' ? targets.compose : targets.nixpacks;
  const delegate = async (ctx: BuildpackContext<Type.Static<typeof AutoConfig>>) => {
    const detected = await detectBuildpack(ctx.workspace);
    const buildpack = pick(detected);
    // Only the nixpacks fallback takes settings; the others run with their defaults.
    const config = detected.buildpack_type === 'nixpacks' ? (ctx.config.nixpacks_config ?? {}) : {};
    ctx.detected?.(detected);
    // The chosen buildpack's own report adds its provider; the choice and its reason stay auto's.
    const report = (inner: BuildDetection) => ctx.detected?.({ ...detected, ...(inner.provider === undefined ? {} : { provider: inner.provider }) });
    return { detected, buildpack, inner: { ...ctx, config, detected: report } as BuildpackContext<never> };
  };
  return defineBuildpack({
    name: 'auto',
    configKey: 'auto_config',
    configSchema: AutoConfig,
    async build(ctx) {
      const { detected, buildpack, inner } = await delegate(ctx);
      ctx.log(`auto: using the ${detected.buildpack_type} buildpack: ${detected.reason}`);
      return buildpack.build(inner);
    },
    async plan(ctx) {
      const { detected, buildpack, inner } = await delegate(ctx);
      return buildpack.plan ? await buildpack.plan(inner) : null;
    },
  });
}
