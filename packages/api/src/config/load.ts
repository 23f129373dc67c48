import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ValidationError, createValidator, isImageReference, type FieldProblem } from '@mikrocloud/core';
import { parse as parseToml } from 'smol-toml';
import { checkBindRootDirs } from './bind-roots.js';
import { checkEngineConnection, checkNamedEngines } from './engines.js';
import { defaultConfig, resolveBuildDir } from './defaults.js';
import { ConfigInput, ENUMS, SECRET_KEYS, SECTIONS, type MikrocloudConfig, type Section } from './schema.js';
import { privateFileProblem } from '../private-file.js';

/** A configuration that cannot be used; `source` says which file, variable or flag it came from. */
export class ConfigError extends ValidationError {
  readonly source: string;
  constructor(source: string, problems: FieldProblem[]) {
    super(problems);
    this.source = source;
    this.message = `invalid configuration (${source}): ${problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ')}`;
  }
}

const validateInput = createValidator(ConfigInput);

/** Schema problems, with allowed values spelled out where the schema message does not. */
function checkLayer(source: string, layer: unknown): ConfigInput {
  const problems = validateInput.problems(layer).map((p) => {
    const enumKey = p.field.replace(/\.[0-9]+(?=\.|$)/g, '');
    const allowed = ENUMS[enumKey];
    const message = allowed && p.message.includes('allowed values') ? `must be one of ${allowed.join(', ')}` : p.message;
    // From the environment, name the variable too: that is what the user has to fix.
    const [section, key] = p.field.split('.');
    const variable = source === 'environment' && section && key ? ` (${envVarName(section, key)})` : '';
    return { field: p.field, message: `${message}${variable}` };
  });
  if (problems.length > 0) throw new ConfigError(source, problems);
  return layer as ConfigInput;
}

/** The environment variable that overrides `section.key`. */
export function envVarName(section: string, key: string): string {
  return `MIKROCLOUD_${section}_${key}`.toUpperCase();
}

/**
 * A yes/no written in an environment variable: `true`, `1`, `yes`, `on` or `false`, `0`, `no`,
 * `off` (any case, surrounding blanks ignored); undefined for anything else.
 */
export function parseBooleanWord(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  return undefined;
}

function coerce(text: string, schema: { type?: string }, name: string): unknown {
  const value = text.trim();
  switch (schema.type) {
    case 'integer':
      // Non-numbers stay strings so the schema names the field and says "must be integer".
      return /^-?[0-9]+$/.test(value) ? Number(value) : value;
    case 'number':
      return /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return parseBooleanWord(value) ?? value;
    case 'array':
      if (value.startsWith('[')) return parseJson(value, name);
      return value === '' ? [] : value.split(',').map((s) => s.trim());
    case 'object': {
      if (value.startsWith('{')) return parseJson(value, name);
      const out: Record<string, string> = {};
      for (const pair of value.split(',').filter((s) => s.trim() !== '')) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new ConfigError(name, [{ field: '', message: `expected key=value pairs, got "${pair.trim()}"` }]);
        out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      return out;
    }
    default:
      return text;
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(source, [{ field: '', message: 'is not valid JSON' }]);
  }
}

/**
 * Reads `MIKROCLOUD_<SECTION>_<KEY>` overrides. Integers and booleans are coerced; lists take a
 * JSON array or a comma-separated list; `build.base_images` takes JSON, `role=image,...`, or one
 * variable per role (`MIKROCLOUD_BUILD_BASE_IMAGES_NODE=node:20-alpine`). A variable in a known
 * section with an unknown key is an error, so a typo never passes silently.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const layer: Record<string, Record<string, unknown>> = {};
  const problems: FieldProblem[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !name.startsWith('MIKROCLOUD_') || name === 'MIKROCLOUD_CONFIG') continue;
    const section = (Object.keys(SECTIONS) as Section[]).find((s) => name.startsWith(`MIKROCLOUD_${s.toUpperCase()}_`));
    if (!section) continue;
    const rest = name.slice(`MIKROCLOUD_${section}_`.length);
    const perRole = 'BASE_IMAGES_';
    if (section === 'build' && rest.startsWith(perRole) && rest.length > perRole.length) {
      const images = (layer.build ??= {}).base_images ?? {};
      (images as Record<string, string>)[rest.slice(perRole.length).toLowerCase()] = raw;
      layer.build.base_images = images;
      continue;
    }
    const key = rest.toLowerCase();
    const schema = SECTIONS[section][key];
    if (!schema) {
      problems.push({ field: `${section}.${key}`, message: `${name} is not a setting` });
      continue;
    }
    const value = coerce(raw, schema, name);
    const sectionLayer = (layer[section] ??= {});
    if (key === 'base_images' && typeof value === 'object' && value !== null) {
      sectionLayer.base_images = { ...(value as object), ...((sectionLayer.base_images as object | undefined) ?? {}) };
    } else {
      sectionLayer[key] = value;
    }
  }
  if (problems.length > 0) throw new ConfigError('environment', problems);
  return layer as ConfigInput;
}

/** Reads and checks one TOML configuration file. A file holding a secret must be private (see {@link assertPrivateFile}). */
export function readConfigFile(path: string): ConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigError(path, [{ field: '', message: why }]);
  }
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (err) {
    // smol-toml's TomlError carries the position; its first line repeats "Invalid TOML document".
    const { line, column } = err as { line?: unknown; column?: unknown };
    const why = (err as Error).message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'unreadable';
    const at = typeof line === 'number' && typeof column === 'number' ? ` at line ${line}, column ${column}` : '';
    throw new ConfigError(path, [{ field: '', message: `not valid TOML${at}: ${why}` }]);
  }
  const layer = checkLayer(path, data);
  assertPrivateFile(path, layer);
  return layer;
}

/** The secret keys ({@link SECRET_KEYS}) a layer sets. */
function secretsIn(layer: ConfigInput): string[] {
  return SECRET_KEYS.filter((key) => {
    const [section, name] = key.split('.') as [Section, string];
    return (layer[section] as Record<string, unknown> | undefined)?.[name] !== undefined;
  });
}

/**
 * Refuses a configuration file that holds a secret while other users may read (or write) it:
 * the fix is `chmod 600 FILE`. Skipped where file modes mean nothing (Windows).
 */
export function assertPrivateFile(path: string, layer: ConfigInput, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  const secrets = secretsIn(layer);
  if (secrets.length === 0) return;
  const problem = privateFileProblem(path, `its secrets (${secrets.join(', ')})`, { platform });
  if (problem === undefined) return;
  throw new ConfigError(path, [{ field: secrets[0] ?? '', message: `the file holds a secret: ${problem}` }]);
}

export interface LoadConfigOptions {
  /** A configuration file. Absent: `MIKROCLOUD_CONFIG`, else `./mikrocloud.toml` when it exists. */
  file?: string;
  /** Environment to read `MIKROCLOUD_*` overrides from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Overrides from the command line; they win over file and environment. */
  flags?: ConfigInput;
  /** Directory `./mikrocloud.toml` is looked for in. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Configuration given in code (what `createMikrocloud` takes): checked like a file, named by
   * `source` in errors, laid over file and environment (flags still win). With it, a file is read
   * only when `file` names one: neither `MIKROCLOUD_CONFIG` nor `./mikrocloud.toml` is looked for.
   */
  given?: { source: string; config: unknown };
}

/** Which configuration file {@link loadConfig} reads, or undefined when there is none. */
export function resolveConfigFile(options: LoadConfigOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? (options.given ? undefined : env.MIKROCLOUD_CONFIG || undefined);
  if (explicit !== undefined) return resolve(cwd, explicit);
  if (options.given) return undefined;
  const local = join(cwd, 'mikrocloud.toml');
  return existsSync(local) ? local : undefined;
}

/** Each layer over `base`, key by key (`build.base_images` merges role by role). */
function merge(base: MikrocloudConfig, layer: ConfigInput): MikrocloudConfig {
  const out = structuredClone(base);
  // A layer that names engines replaces the list: tables are not merged by position.
  if (layer.engines !== undefined) out.engines = structuredClone(layer.engines);
  for (const section of Object.keys(SECTIONS) as Section[]) {
    const values = layer[section];
    if (!values) continue;
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const target = out[section] as Record<string, unknown>;
      target[key] = key === 'base_images' ? { ...(target[key] as object), ...(value as object) } : structuredClone(value);
    }
  }
  return out;
}

/**
 * Loads the configuration: defaults, then the TOML file, then `MIKROCLOUD_*` variables, then
 * flags, each layer checked on its own so an error names where it came from. Unknown keys and
 * wrong types are errors naming `section.key`; a file holding a secret that other users can read
 * is refused. `build.build_dir` comes out resolved (see {@link resolveBuildDir}). Throws a
 * {@link ConfigError}.
 *
 * @example
 * const config = loadConfig({ flags: { server: { port: 8080 } } });
 */
export function loadConfig(options: LoadConfigOptions = {}): MikrocloudConfig {
  const env = options.env ?? process.env;
  let config = defaultConfig(env);
  const file = resolveConfigFile(options);
  if (file !== undefined) config = merge(config, readConfigFile(file));
  config = merge(config, checkLayer('environment', configFromEnv(env)));
  if (options.given) config = merge(config, checkLayer(options.given.source, options.given.config));
  if (options.flags) config = merge(config, checkLayer('flags', options.flags));

  const problems: FieldProblem[] = [];
  for (const [role, image] of Object.entries(config.build.base_images)) {
    if (!isImageReference(image)) problems.push({ field: `build.base_images.${role}`, message: `"${image}" is not an image reference` });
  }
  const { docker, server } = config;
  if (docker.build_dir !== undefined && config.build.build_dir !== undefined && docker.build_dir !== config.build.build_dir) {
    problems.push({ field: 'docker.build_dir', message: 'is the former place of build.build_dir: set only build.build_dir' });
  }
  if (server.headers_timeout_seconds > server.request_timeout_seconds) {
    problems.push({ field: 'server.headers_timeout_seconds', message: `must not exceed server.request_timeout_seconds (${server.request_timeout_seconds})` });
  }
  problems.push(...checkBindRootDirs(docker.allowed_bind_roots));
  problems.push(...checkEngineConnection('docker', docker), ...checkNamedEngines(config.engines));
  if (problems.length > 0) throw new ConfigError(file ?? options.given?.source ?? 'configuration', problems);
  config.build.build_dir = resolveBuildDir(config);
  return config;
}

