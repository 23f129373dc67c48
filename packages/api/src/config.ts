// The configuration: its schema (config/schema.ts), defaults (config/defaults.ts) and layered
// loading (config/load.ts), plus the checks the server makes before it listens.
import { ConfigError } from './config/load.js';
import { SECRET_KEYS, type MikrocloudConfig, type Section } from './config/schema.js';

export {
  BUILD_NETWORKS,
  BUILDERS,
  ConfigInput,
  ENGINE_RUNTIMES,
  GIT_PROTOCOLS,
  PULL_POLICIES,
  RUNTIME_NAMES,
  SECRET_KEYS,
  SERVER_SCOPES,
  type GitProtocol,
  type MikrocloudConfig,
  type RuntimeName,
} from './config/schema.js';
export { defaultConfig, defaultDataDir, resolveBuildDir } from './config/defaults.js';
export {
  ConfigError,
  assertPrivateFile,
  configFromEnv,
  envVarName,
  loadConfig,
  parseBooleanWord,
  readConfigFile,
  resolveConfigFile,
  type LoadConfigOptions,
} from './config/load.js';

/** A copy of the configuration that is safe to print or log: every secret ({@link SECRET_KEYS}) replaced by `***`. */
export function redactedConfig(config: MikrocloudConfig): MikrocloudConfig {
  const copy = structuredClone(config);
  for (const key of SECRET_KEYS) {
    const [section, name] = key.split('.') as [Section, string];
    const values = copy[section] as Record<string, unknown>;
    if (values[name] !== undefined) values[name] = '***';
  }
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
  if (!isLoopbackHost(config.server.host) && config.server.token === undefined && config.server.tokens.length === 0) {
    throw new ConfigError('server', [
      {
        field: 'server.host',
        message: `refusing to listen on ${config.server.host} without authentication: set server.token (MIKROCLOUD_SERVER_TOKEN) or [[server.tokens]], or bind 127.0.0.1`,
      },
    ]);
  }
}
