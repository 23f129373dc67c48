import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ValidationError, createValidator, isImageReference, type FieldProblem } from '@mikrocloud/core';
import { parse as parseToml } from 'smol-toml';
import Type from 'typebox';
import { DEFAULT_ALLOWED_PROTOCOLS, KNOWN_PROTOCOLS, type GitProtocol } from '@mikrocloud/buildpacks';
import { RUNTIME_NAMES, type RuntimeName } from '@mikrocloud/runtime';

/** Container runtimes mikrocloud can be configured to use (`@mikrocloud/runtime`'s list). */
export { RUNTIME_NAMES, type RuntimeName };

/** Git transports builds may clone from (the build system's own list). `file` and `http` are for local development and tests. */
export const GIT_PROTOCOLS: readonly GitProtocol[] = KNOWN_PROTOCOLS;
export type { GitProtocol };

const optionalText = (description: string) => Type.Optional(Type.String({ minLength: 1, description }));

const DockerConfig = Type.Object(
  {
    runtime: Type.Enum([...RUNTIME_NAMES], { description: 'Which engine to use: `docker`, `podman`, or `auto` (the first one that answers).' }),
    socket_path: optionalText("The engine's socket. Absent: discovered (DOCKER_HOST, then the usual paths)."),
    rootless: Type.Boolean({ description: 'Whether the engine is expected to run rootless; checked against the engine in runtime/info.' }),
    build_dir: Type.String({ minLength: 1, description: 'Where builds put their temporary workspaces.' }),
  },
  { additionalProperties: false },
);

const ServerConfig = Type.Object(
  {
    host: Type.String({ minLength: 1, description: 'Address to bind. Anything but loopback requires `token`.' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, description: 'TCP port; 0 picks a free one.' }),
    token: optionalText('Bearer token every `/api/*` request must carry. Absent: no authentication (loopback only).'),
    body_limit_bytes: Type.Integer({ minimum: 1, description: 'Largest request body accepted; larger ones get 413.' }),
    data_dir: Type.String({ minLength: 1, description: 'Where build records (SQLite) live.' }),
  },
  { additionalProperties: false },
);

const BuildConfig = Type.Object(
  {
    concurrency: Type.Integer({ minimum: 1, description: 'Builds that may run at the same time.' }),
    timeout_seconds: Type.Integer({ minimum: 1, description: 'A build running longer is cancelled.' }),
    allowed_git_protocols: Type.Array(Type.Enum([...KNOWN_PROTOCOLS]), { uniqueItems: true, description: 'Git transports builds may clone from.' }),
    clone_timeout_seconds: Type.Integer({ minimum: 1, description: 'A clone taking longer is cancelled.' }),
    max_repo_bytes: Type.Integer({ minimum: 1, description: 'A repository larger than this is refused.' }),
    github_token: optionalText('Token for private GitHub repositories and commit statuses.'),
    github_api_url: Type.String({ pattern: '^https?://' }),
    github_commit_status: Type.Boolean({ description: 'Report build results as GitHub commit statuses.' }),
    buildpacks: Type.Array(Type.String({ minLength: 1 }), { description: 'Module paths of custom buildpacks, loaded after the built-in ones.' }),
    base_images: Type.Record(Type.String(), Type.String({ minLength: 1 }), { description: 'Base images buildpacks use, by role (`node`, `nginx`, ...).' }),
  },
  { additionalProperties: false },
);

/** The complete configuration as a schema: every default filled in. */
const CompleteConfig = Type.Object({ docker: DockerConfig, server: ServerConfig, build: BuildConfig }, { additionalProperties: false });
/** The complete configuration, every default filled in. */
export type MikrocloudConfig = Type.Static<typeof CompleteConfig>;

// A layer (file, environment, flags) may set any subset of the keys of a section.
const DockerSection = Type.Partial(DockerConfig, { additionalProperties: false });
const ServerSection = Type.Partial(ServerConfig, { additionalProperties: false });
const BuildSection = Type.Partial(BuildConfig, { additionalProperties: false });

/** The shape of a configuration file (and of every override layer): every key optional. */
export const ConfigInput = Type.Object(
  {
    docker: Type.Optional(DockerSection),
    server: Type.Optional(ServerSection),
    build: Type.Optional(BuildSection),
  },
  { additionalProperties: false, $id: 'ConfigInput' },
);
/** A configuration layer: any subset of the keys of {@link MikrocloudConfig}. */
export type ConfigInput = Type.Static<typeof ConfigInput>;

/** Keys whose values are secrets: never printed, never logged. */
export const SECRET_KEYS = ['server.token', 'build.github_token'] as const;

const MIB = 1024 * 1024;

/** Where build records live when `server.data_dir` is not set: the system place for root, XDG for a user. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? -1): string {
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'mikrocloud');
  if (uid === 0) return '/var/lib/mikrocloud';
  return join(env.HOME || homedir(), '.local', 'share', 'mikrocloud');
}

/** The configuration when nothing is set. It binds loopback only and finds the local engine. */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env): MikrocloudConfig {
  return {
    docker: { runtime: 'docker', rootless: false, build_dir: join(tmpdir(), 'mikrocloud', 'builds') },
    server: { host: '127.0.0.1', port: 3000, body_limit_bytes: MIB, data_dir: defaultDataDir(env) },
    build: {
      concurrency: 2,
      timeout_seconds: 1800,
      allowed_git_protocols: [...DEFAULT_ALLOWED_PROTOCOLS],
      clone_timeout_seconds: 300,
      max_repo_bytes: 1024 * MIB,
      github_api_url: 'https://api.github.com',
      github_commit_status: false,
      buildpacks: [],
      base_images: {},
    },
  };
}

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

const ENUMS: Record<string, readonly string[]> = {
  'docker.runtime': RUNTIME_NAMES,
  'build.allowed_git_protocols': GIT_PROTOCOLS,
};

/** Schema problems, with allowed values spelled out where the schema message does not. */
function checkLayer(source: string, layer: unknown): ConfigInput {
  const problems = validateInput.problems(layer).map((p) => {
    const enumKey = p.field.replace(/\.[0-9]+$/, '');
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

type Section = 'docker' | 'server' | 'build';
type PropertySchemas = Record<string, { type?: string }>;
const SECTIONS: Record<Section, PropertySchemas> = {
  docker: DockerConfig.properties as unknown as PropertySchemas,
  server: ServerConfig.properties as unknown as PropertySchemas,
  build: BuildConfig.properties as unknown as PropertySchemas,
};

/** The environment variable that overrides `section.key`. */
export function envVarName(section: string, key: string): string {
  return `MIKROCLOUD_${section}_${key}`.toUpperCase();
}

function coerce(text: string, schema: { type?: string }, name: string): unknown {
  const value = text.trim();
  switch (schema.type) {
    case 'integer':
      // Non-numbers stay strings so the schema names the field and says "must be integer".
      return /^-?[0-9]+$/.test(value) ? Number(value) : value;
    case 'boolean': {
      const lower = value.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      return value;
    }
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

/** Reads and checks one TOML configuration file. */
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
    throw new ConfigError(path, [{ field: '', message: `not valid TOML: ${(err as Error).message.split('\n')[0]}` }]);
  }
  return checkLayer(path, data);
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
}

/** Which configuration file {@link loadConfig} reads, or undefined when there is none. */
export function resolveConfigFile(options: LoadConfigOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? (env.MIKROCLOUD_CONFIG || undefined);
  if (explicit !== undefined) return resolve(cwd, explicit);
  const local = join(cwd, 'mikrocloud.toml');
  return existsSync(local) ? local : undefined;
}

function merge(base: MikrocloudConfig, layer: ConfigInput): MikrocloudConfig {
  const out = structuredClone(base);
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
 * wrong types are errors naming `section.key`. Throws a {@link ConfigError}.
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
  if (options.flags) config = merge(config, checkLayer('flags', options.flags));

  const problems: FieldProblem[] = [];
  for (const [role, image] of Object.entries(config.build.base_images)) {
    if (!isImageReference(image)) problems.push({ field: `build.base_images.${role}`, message: `"${image}" is not an image reference` });
  }
  if (problems.length > 0) throw new ConfigError(file ?? 'configuration', problems);
  return config;
}

/** A copy of the configuration that is safe to print or log: every secret replaced by `***`. */
export function redactedConfig(config: MikrocloudConfig): MikrocloudConfig {
  const copy = structuredClone(config);
  if (copy.server.token !== undefined) copy.server.token = '***';
  if (copy.build.github_token !== undefined) copy.build.github_token = '***';
  return copy;
}

/** Whether an address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.[0-9]{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Refuses to expose an unauthenticated API: binding anything but loopback needs `server.token`.
 * Throws a {@link ConfigError}.
 */
export function assertSafeBind(config: MikrocloudConfig): void {
  if (!isLoopbackHost(config.server.host) && config.server.token === undefined) {
    throw new ConfigError('server', [
      {
        field: 'server.host',
        message: `refusing to listen on ${config.server.host} without authentication: set server.token (MIKROCLOUD_SERVER_TOKEN) or bind 127.0.0.1`,
      },
    ]);
  }
}
