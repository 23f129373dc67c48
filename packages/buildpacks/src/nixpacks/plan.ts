import { redact, UnprocessableError, ValidationError } from '@mikrocloud/core';
import { parseNixpacksConfig, readFileConfig, type FileConfig, type NixpacksConfig } from './config.js';
import { findForeignLanguage, foreignMessage } from './foreign.js';
import { goProvider } from './providers/go.js';
import { nodeProvider } from './providers/node.js';
import { pythonProvider } from './providers/python.js';
import { staticProvider } from './providers/static.js';
import { DEFAULT_BASE_IMAGES, type BaseImages, type Evidence, type PlanContext, type Provider, type StartCommand } from './types.js';
import { loneSubfolder, subView } from './sub-view.js';
import { normaliseViewPath, type WorkspaceView } from './workspace-view.js';

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
  /**
   * Id prefix of the package-manager caches the Dockerfile mounts (`RUN --mount=type=cache`),
   * stable per repository. Absent: no cache mounts (a builder without them).
   */
  cacheScope?: string;
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
export type CommandSource = 'request' | 'nixpacks.toml' | 'nixpacks.json' | 'Procfile' | 'detected' | 'image default';

/** Everything the nixpacks buildpack would do, without doing it. Secrets are masked. */
export interface BuildPlan {
  provider: string;
  /**
   * The folder holding the app, relative to the repository root, when it is not the root: the
   * request's `app_dir`, or the repository's only folder. The image is built with it as context.
   */
  app_dir?: string;
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
  const warnings: string[] = [];
  const notes: string[] = [];
  let app_dir = request.app_dir === undefined ? '' : normaliseViewPath(request.app_dir);
  if (app_dir !== '' && (await view.list(app_dir)).length === 0) {
    throw ValidationError.field('app_dir', `${JSON.stringify(request.app_dir)} is not a folder of the repository`);
  }
  let appView = subView(view, app_dir);
  let found = await chooseProvider(appView, providers);
  if (found === undefined && app_dir === '') {
    // A repository whose only content is one folder (`hello/sub/package.json`): the app is there.
    const lone = await loneSubfolder(view);
    const inner = lone === undefined ? undefined : await chooseProvider(subView(view, lone), providers);
    if (lone !== undefined && inner !== undefined) {
      app_dir = lone;
      appView = subView(view, lone);
      found = inner;
      notes.push(`the app is in ${lone}/, the only folder of the repository; it is built with ${lone}/ as the context`);
    }
  }
  if (found === undefined) {
    const looked = providers.map((p) => `${p.name} (${p.looks_for.join(', ')})`);
    throw new UnprocessableError(`no provider recognises this app; looked for: ${looked.join('; ')}`, {
      details: { looked_for: Object.fromEntries(providers.map((p) => [p.name, p.looks_for])) },
    });
  }
  const { chosen, detected_from, ignored, file } = found;
  if (app_dir !== '' && chosen.name === 'node') {
    const lockfiles = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
    const rootLock = (await view.list('.')).find((e) => lockfiles.includes(e.name));
    if (rootLock && !(await appView.list('.')).some((e) => lockfiles.includes(e.name))) {
      warnings.push(`${app_dir}/ has no lockfile but the repository root has ${rootLock.name} (a workspace): only ${app_dir}/ is the build context, so its dependencies install without the root's lockfile`);
    }
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
    ...(options.cacheScope === undefined ? {} : { cacheScope: options.cacheScope }),
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
  // Procfile's `web:` line is the start command of every provider, as in Nixpacks.
  let procfile = false;
  if (ctx.start_command === undefined) {
    const web = procfileWeb(await appView.readFile('Procfile'));
    if (web !== undefined) {
      ctx.start_command = web;
      procfile = true;
    }
  }
  const made = await chosen.plan(appView, ctx);
  notes.push(...(made.notes ?? []));
  const secretNames = [...variables.values()].filter((v) => v.secret).map((v) => v.name);
  if (secretNames.length > 0) {
    notes.push(
      `secret variables (${secretNames.join(', ')}) are not available while building and are not in the image: supply them to the container at run time`,
    );
  }
  const start_command = made.start_command;
  return {
    provider: chosen.name,
    ...(app_dir === '' ? {} : { app_dir }),
    detected_from,
    ...(made.install_command === undefined ? {} : { install_command: made.install_command }),
    ...(made.build_command === undefined ? {} : { build_command: made.build_command }),
    ...(start_command === undefined ? {} : { start_command }),
    command_sources: {
      install: made.install_command === undefined ? 'none' : (sourceOf('install_command') ?? 'detected'),
      build: made.build_command === undefined ? 'none' : (sourceOf('build_command') ?? 'detected'),
      start: made.start_command === undefined ? 'image default' : (sourceOf('start_command') ?? (procfile ? 'Procfile' : 'detected')),
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

/** The command of a Procfile's `web:` process. */
export function procfileWeb(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /^web:[ \t]*(\S.*?)[ \t]*\r?$/m.exec(text)?.[1];
}

interface ProviderChoice {
  chosen: Provider;
  detected_from: Evidence[];
  ignored: Evidence[];
  file: FileConfig | undefined;
}

/**
 * The provider for the app in `view`: one its config file forces, else the first whose markers
 * are present. Undefined when none recognises it; a 422 when it is an app of a language this
 * planner has no provider for (Nixpacks would take it before Node.js or static).
 */
async function chooseProvider(view: WorkspaceView, providers: readonly Provider[]): Promise<ProviderChoice | undefined> {
  const file = await readFileConfig(view);
  const ignored: Evidence[] = (file?.ignored ?? []).map((key) => ({
    marker: `${file!.source}:${key}`,
    reason: 'not supported by this buildpack (no Nix); ignored',
  }));
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
  // A built-in provider never claims an app of another language (custom providers may).
  if (file?.provider === undefined && (chosen === undefined || DEFAULT_PROVIDERS.includes(chosen))) {
    const foreign = await findForeignLanguage(view);
    if (foreign) throw new UnprocessableError(foreignMessage(foreign), { details: { recognised: foreign } });
  }
  return chosen === undefined ? undefined : { chosen, detected_from, ignored, file };
}
