import { BuildError, redact } from '@mikrocloud/core';
import { defineBuildpack } from '../plugin/buildpack.js';
import type { BuildDetection } from '../records/build-record.js';
import { findNixpacks } from './cli.js';
import { NixpacksConfig, parseNixpacksConfig, readFileConfig } from './config.js';
import { lookupUser, runConfinedNixpacks } from './confined-cli.js';
import { DEFAULT_PROVIDERS, planApp, secretValues, type BuildPlan, type PlanOptions } from './plan.js';
import { createDirectoryView } from './workspace-view.js';

/** Writes a plan to a build log: what was detected, what will run, and what was ignored. No secret values. */
export function describePlan(plan: BuildPlan, log: (line: string) => void): void {
  log(`nixpacks: provider ${plan.provider} (${plan.detected_from.map((e) => e.marker).join(', ')})${plan.app_dir ? ` in ${plan.app_dir}/` : ''}`);
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (plan.install_command) log(`nixpacks: install: ${plan.install_command} [${plan.command_sources.install}]`);
  if (plan.build_command) log(`nixpacks: build: ${plan.build_command} [${plan.command_sources.build}]`);
  log(`nixpacks: start: ${plan.start_command === undefined ? '(image default)' : show(plan.start_command)} [${plan.command_sources.start}]`);
  log(`nixpacks: images: ${plan.base_images.build ? `${plan.base_images.build} → ` : ''}${plan.base_images.runtime}`);
  for (const v of plan.variables) log(`nixpacks: variable ${v.name}=${v.value} (${v.available})`);
  for (const i of plan.ignored) log(`nixpacks: ignored ${i.marker}: ${i.reason}`);
  for (const n of plan.notes) log(`nixpacks: note: ${n}`);
  for (const w of plan.warnings) log(`nixpacks: warning: ${w}`);
}

/** What a plan says was detected: the provider and the files that decided it. */
function detectionOf(plan: BuildPlan): BuildDetection {
  const markers = plan.detected_from.map((e) => e.marker).join(', ');
  return {
    buildpack_type: 'nixpacks',
    reason: `the ${plan.provider} provider recognised ${markers || 'the app'}${plan.app_dir ? ` in ${plan.app_dir}/` : ''}`,
    provider: plan.provider,
  };
}

export interface NixpacksBuildpackOptions extends PlanOptions {
  /**
   * Use a `nixpacks` executable found on PATH to write the Dockerfile (a server setting,
   * `[build] nixpacks_cli`; requests cannot ask for it). Default false.
   */
  cli?: boolean;
  /** The user the CLI runs as (`[build] nixpacks_user`). Default `nobody`. */
  cliUser?: string;
  /** PATH and variables used to find and run the executable (default: `process.env`'s PATH only). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Makes the `nixpacks` buildpack with custom providers or base images; {@link nixpacksBuildpack}
 * is this with the defaults.
 */
export function createNixpacksBuildpack(options: NixpacksBuildpackOptions = {}) {
  return defineBuildpack({
    name: 'nixpacks',
    configKey: 'nixpacks_config',
    configSchema: NixpacksConfig,
    async detect(workspace) {
      const view = await createDirectoryView(workspace.root);
      for (const provider of options.providers ?? DEFAULT_PROVIDERS) {
        if (await provider.detect(view)) return true;
      }
      return false;
    },
    async build({ workspace, config, imageTag, log, signal, detected, cacheScope }) {
      const parsed = parseNixpacksConfig(config);
      if (options.cli) {
        const executable = await findNixpacks(options.env);
        if (executable === undefined) throw new BuildError('[build] nixpacks_cli is on but no `nixpacks` executable is on PATH');
        // The repository's nixpacks.toml is checked (staticAssets names among others) before the CLI sees it.
        await readFileConfig(await createDirectoryView(workspace.root));
        const user = options.cliUser ?? 'nobody';
        log(`nixpacks: writing the Dockerfile with ${executable} as user ${user}`);
        const output = await runConfinedNixpacks(workspace.root, parsed, {
          executable,
          user: await lookupUser(user),
          signal,
          log,
          ...(options.env ? { env: options.env } : {}),
        });
        return { context: '.', dockerfile: { content: output.dockerfile }, files: output.files, tag: imageTag };
      }
      const plan = await planApp(await createDirectoryView(workspace.root), parsed, { ...options, ...(cacheScope === undefined ? {} : { cacheScope }) });
      detected?.(detectionOf(plan));
      describePlan(plan, (line) => log(redact(line, secretValues(parsed))));
      return { context: plan.app_dir ?? '.', dockerfile: { content: plan.dockerfile }, tag: imageTag };
    },
    async plan({ workspace, config, detected, cacheScope }) {
      const plan = await planApp(await createDirectoryView(workspace.root), parseNixpacksConfig(config), { ...options, ...(cacheScope === undefined ? {} : { cacheScope }) });
      detected?.(detectionOf(plan));
      return plan;
    },
  });
}

/**
 * The `nixpacks` buildpack: detects the app's language offline (node, python, go, static) and
 * builds a small multi-stage image from local base images. Config key `nixpacks_config`.
 */
export const nixpacksBuildpack = createNixpacksBuildpack();
