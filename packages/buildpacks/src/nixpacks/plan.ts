import { redact, UnprocessableError, ValidationError } from '@mikrocloud/core';
import { parseNixpacksConfig, readFileConfig, type NixpacksConfig } from './config.js';
import { goProvider } from './providers/go.js';
import { nodeProvider } from './providers/node.js';
import { pythonProvider } from './providers/python.js';
import { staticProvider } from './providers/static.js';
import { DEFAULT_BASE_IMAGES, type BaseImages, type Evidence, type PlanContext, type Provider, type StartCommand } from './types.js';
import type { WorkspaceView } from './workspace-view.js';

/**
 * The built-in providers, in Nixpacks' order of precedence (go before node before python before
 * static): an app with both go.mod and package.json (a Go server with a bundled front end) is Go.
 */
export const DEFAULT_PROVIDERS: readonly Provider[] = [goProvider, nodeProvider, pythonProvider, staticProvider];

/** The mask that replaces every secret value in a plan. */
export const MASK = '***';

export interface PlanOptions {
  /** Providers in precedence order. Default {@link DEFAULT_PROVIDERS}; prepend your own to add one. */
  providers?: readonly Provider[];
  /** Base images per provider, merged over {@link DEFAULT_BASE_IMAGES}. */
  base_images?: Partial<BaseImages>;
}

export interface PlanVariable {
  name: string;
  /** The value, or `***` for a secret. */
  value: string;
  secret: boolean;
  /** Where it comes from: the request or the repository's nixpacks.toml/json. */
  source: string;
  /**
   * `build+runtime`: ARG in build stages and ENV in the final image. `runtime-only`: a secret,
   * in neither; whoever starts the container must supply it.
   */
  available: 'build+runtime' | 'runtime-only';
}

/** Where one command of the plan came from. */
export type CommandSource = 'request' | 'nixpacks.toml' | 'nixpacks.json' | 'detected' | 'image default';

/** Everything the nixpacks buildpack would do, without doing it. Secrets are masked. */
export interface BuildPlan {
  provider: string;
  /** Markers the chosen provider found, and what each told it (or the config that forced it). */
  detected_from: Evidence[];
  install_command?: string;
  build_command?: string;
  /**
   * An array is an argv run in exec form; a string runs as `sh -c "exec <string>"`; absent, the
   * base image's own CMD applies (nginx for static sites).
   */
  start_command?: StartCommand;
  command_sources: { install: CommandSource | 'none'; build: CommandSource | 'none'; start: CommandSource };
  base_images: { build?: string; runtime: string };
  variables: PlanVariable[];
  /** The generated Dockerfile. Secret values never appear in it. */
  dockerfile: string;
  /** Markers of providers that lost to the chosen one, and config keys the planner does not act on. */
  ignored: Evidence[];
  notes: string[];
  warnings: string[];
  /** The config file read from the repository, if any. */
  config_file?: string;
}

/** Secret values in a config, to be redacted from anything printed. */
export function secretValues(config: NixpacksConfig | undefined): string[] {
  return Object.values(config?.variables ?? {}).flatMap((v) => (typeof v === 'object' && v.secret ? [v.value] : []));
}

/**
 * Plans an image for the app in `view`. Precedence, highest first: the request's
 * `nixpacks_config`, the repository's `nixpacks.toml` (or `nixpacks.json`), detection. The
 * first provider (in `options.providers` order) whose markers are present plans the build,
 * unless the config file names one in `providers`.
 *
 * Throws UnprocessableError (422) when no provider recognises the app, ValidationError (400)
 * for a malformed config.
 *
 * @example
 * const plan = await planApp(createMemoryView({ 'index.html': '<h1>hi</h1>' }), {});
 * plan.provider; // 'static'
 */
export async function planApp(view: WorkspaceView, config: unknown, options: PlanOptions = {}): Promise<BuildPlan> {
  const request = parseNixpacksConfig(config);
  const providers = options.providers ?? DEFAULT_PROVIDERS;
  const base_images: BaseImages = {
    ...DEFAULT_BASE_IMAGES,
    ...options.base_images,
    node_by_major: { ...(options.base_images?.node_by_major ?? DEFAULT_BASE_IMAGES.node_by_major) },
  };
  const file = await readFileConfig(view);
  const warnings: string[] = [];
  const ignored: Evidence[] = (file?.ignored ?? []).map((key) => ({
    marker: `${file!.source}:${key}`,
    reason: 'not supported by this buildpack (no Nix); ignored',
  }));

  // Which provider: one forced by the config file, else the first whose markers are present.
  let chosen: Provider | undefined;
  let detected_from: Evidence[] = [];
  if (file?.provider !== undefined) {
    chosen = providers.find((p) => p.name === file.provider);
    if (!chosen) {
      throw new UnprocessableError(
        `${file.source} asks for provider "${file.provider}", which this buildpack does not have (available: ${providers.map((p) => p.name).join(', ')})`,
      );
    }
    detected_from = [{ marker: file.source, reason: `providers = ["${file.provider}"]` }, ...((await chosen.detect(view)) ?? [])];
  }
  for (const provider of providers) {
    if (provider === chosen) continue;
    const evidence = await provider.detect(view);
    if (evidence === undefined) continue;
    if (chosen === undefined) {
      chosen = provider;
      detected_from = evidence;
    } else {
      ignored.push(...evidence.map((e) => ({ marker: e.marker, reason: `${provider.name} marker; ${chosen!.name} takes precedence` })));
    }
  }
  if (chosen === undefined) {
    const looked = providers.map((p) => `${p.name} (${p.looks_for.join(', ')})`);
    throw new UnprocessableError(`no provider recognises this app; looked for: ${looked.join('; ')}`, {
      details: { looked_for: Object.fromEntries(providers.map((p) => [p.name, p.looks_for])) },
    });
  }

  // Commands and variables: request over file.
  const sourceOf = (key: 'install_command' | 'build_command' | 'start_command'): CommandSource | undefined =>
    request[key] !== undefined ? 'request' : file?.[key] !== undefined ? (file.source as CommandSource) : undefined;
  const variables = new Map<string, PlanVariable & { raw: string }>();
  for (const [name, value] of Object.entries(file?.variables ?? {})) {
    variables.set(name, { name, value, raw: value, secret: false, source: file!.source, available: 'build+runtime' });
  }
  for (const [name, v] of Object.entries(request.variables ?? {})) {
    const secret = typeof v === 'object' && v.secret === true;
    const raw = typeof v === 'string' ? v : v.value;
    variables.set(name, {
      name,
      value: secret ? MASK : raw,
      raw,
      secret,
      source: 'request',
      available: secret ? 'runtime-only' : 'build+runtime',
    });
  }
  const secrets = secretValues(request);
  const publicVariables = Object.fromEntries([...variables.values()].filter((v) => !v.secret).map((v) => [v.name, v.raw]));

  const ctx: PlanContext = {
    variables: publicVariables,
    base_images,
    warn: (m) => warnings.push(m),
  };
  for (const key of ['install_command', 'build_command', 'start_command'] as const) {
    const value = request[key] ?? file?.[key];
    if (value === undefined) continue;
    // A secret pasted into a command would be baked into the image history; refer to it by name.
    const leaked = [...variables.values()].find((v) => v.secret && v.raw.length >= 4 && value.includes(v.raw));
    if (leaked) {
      throw ValidationError.field(key, `contains the value of secret variable ${leaked.name}; write $${leaked.name} instead (secrets exist at run time only)`);
    }
    ctx[key] = value;
  }
  const made = await chosen.plan(view, ctx);

  const notes = [...(made.notes ?? [])];
  const secretNames = [...variables.values()].filter((v) => v.secret).map((v) => v.name);
  if (secretNames.length > 0) {
    notes.push(
      `secret variables (${secretNames.join(', ')}) are not available while building and are not in the image: supply them to the container at run time`,
    );
  }
  const start_command = made.start_command;
  return {
    provider: chosen.name,
    detected_from,
    ...(made.install_command === undefined ? {} : { install_command: made.install_command }),
    ...(made.build_command === undefined ? {} : { build_command: made.build_command }),
    ...(start_command === undefined ? {} : { start_command }),
    command_sources: {
      install: made.install_command === undefined ? 'none' : (sourceOf('install_command') ?? 'detected'),
      build: made.build_command === undefined ? 'none' : (sourceOf('build_command') ?? 'detected'),
      start: made.start_command === undefined ? 'image default' : (sourceOf('start_command') ?? 'detected'),
    },
    base_images: made.base_images,
    variables: [...variables.values()].map(({ raw: _raw, ...v }) => v),
    // Secrets never reach providers and commands holding one are refused above, so the text is clean.
    dockerfile: made.dockerfile,
    ignored,
    notes,
    warnings: warnings.map((w) => redact(w, secrets)),
    ...(file ? { config_file: file.source } : {}),
  };
}
