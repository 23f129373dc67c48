import path from 'node:path';
import { redact } from '@mikrocloud/core';
import { defineBuildpack } from '../plugin/buildpack.js';
import { CLI_DOCKERFILE, runNixpacksCli, shouldUseCli } from './cli.js';
import { NixpacksConfig, parseNixpacksConfig } from './config.js';
import { DEFAULT_PROVIDERS, planApp, secretValues, type BuildPlan, type PlanOptions } from './plan.js';
import { createDirectoryView } from './workspace-view.js';

/** Output directory of the optional Nixpacks CLI, inside the checked-out repository (the build context). */
const CLI_OUT = '.mikrocloud-nixpacks';

/** Writes a plan to a build log: what was detected, what will run, and what was ignored. No secret values. */
export function describePlan(plan: BuildPlan, log: (line: string) => void): void {
  log(`nixpacks: provider ${plan.provider} (${plan.detected_from.map((e) => e.marker).join(', ')})`);
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

export interface NixpacksBuildpackOptions extends PlanOptions {
  /** Environment used to find and run a `nixpacks` executable (default `process.env`). */
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
    async build({ workspace, config, imageTag, log, signal }) {
      const parsed = parseNixpacksConfig(config);
      const executable = await shouldUseCli(parsed, options.env);
      if (executable !== undefined) {
        log(`nixpacks: writing the Dockerfile with ${executable}`);
        const outDir = path.join(workspace.root, CLI_OUT);
        await runNixpacksCli(workspace.root, outDir, parsed, {
          executable,
          signal,
          log,
          ...(options.env ? { env: options.env } : {}),
        });
        return { context: CLI_OUT, dockerfile: { path: CLI_DOCKERFILE }, tag: imageTag };
      }
      const plan = await planApp(await createDirectoryView(workspace.root), parsed, options);
      describePlan(plan, (line) => log(redact(line, secretValues(parsed))));
      return { context: '.', dockerfile: { content: plan.dockerfile }, tag: imageTag };
    },
    async plan({ workspace, config }) {
      return planApp(await createDirectoryView(workspace.root), parseNixpacksConfig(config), options);
    },
  });
}

/**
 * The `nixpacks` buildpack: detects the app's language offline (node, python, go, static) and
 * builds a small multi-stage image from local base images. Config key `nixpacks_config`.
 */
export const nixpacksBuildpack = createNixpacksBuildpack();
