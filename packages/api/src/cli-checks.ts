import { accessSync, constants, statSync } from 'node:fs';
import { isMikrocloudError } from '@mikrocloud/core';
import { DEFAULT_ENGINE, defaultStrategies, identifyEngine, type EngineRegistry } from '@mikrocloud/runtime';
import { probeSocket } from '@mikrocloud/runtime-docker';
import { stringify as toToml } from 'smol-toml';
import { loadTokens } from './auth/tokens.js';
import { assertSafeBind, loadConfig, redactedConfig, resolveBuildDir, resolveConfigFile, type LoadConfigOptions, type MikrocloudConfig } from './config.js';
import { createEngines } from './engines.js';

/** Where a check writes, and what it reads. */
export interface CheckIo {
  out: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** TOML has no null: a key left unset is left out of the printed configuration. */
function withoutUnset(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnset);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, withoutUnset(v)]),
  );
}

/**
 * `mikrocloud config check`: loads the configuration exactly as `serve` would (defaults, file,
 * environment, flags), checks it, and prints the effective configuration as TOML with every
 * secret replaced by `***`. Throws the configuration's error when it is not valid.
 */
export function configCheck(options: LoadConfigOptions, io: CheckIo): MikrocloudConfig {
  const config = loadConfig(options);
  assertSafeBind(config);
  const tokens = loadTokens(config, { env: io.env });
  const file = resolveConfigFile(options);
  io.out(`# configuration is valid (file: ${file ?? 'none, defaults and environment only'}; ${tokens.length} API token${tokens.length === 1 ? '' : 's'})\n`);
  io.out(`# effective configuration, secrets shown as ***\n${toToml(withoutUnset(redactedConfig(config)))}\n`);
  return config;
}

/** One line of the doctor's report. */
type Verdict = 'ok' | 'warn' | 'fail' | 'info';
const mark: Record<Verdict, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', info: '    ' };

/** A directory the server writes to: present (or creatable), a directory, writable, not open to others. */
function directoryVerdict(path: string, what: string): [Verdict, string] {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ['info', `${what} ${path} does not exist yet; serve creates it (mode 0700)`];
    return ['fail', `${what} ${path}: ${(err as Error).message}`];
  }
  if (!stat.isDirectory()) return ['fail', `${what} ${path} is not a directory`];
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
  } catch {
    return ['fail', `${what} ${path} is not writable by this user (uid ${process.getuid?.() ?? '?'})`];
  }
  const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
  if ((stat.mode & 0o002) !== 0) return ['fail', `${what} ${path} is writable by every user (mode ${mode}); chmod 700 it`];
  if ((stat.mode & 0o077) !== 0) return ['warn', `${what} ${path} is open to other users (mode ${mode}); 700 is advised`];
  return ['ok', `${what} ${path} (mode ${mode})`];
}

/**
 * `mikrocloud doctor`: every engine candidate the discovery chain knows and what each answered,
 * the engine the configuration picks, its build isolation, and the data directories. Resolves
 * with whether everything needed to serve is in place.
 */
export async function doctor(options: LoadConfigOptions, io: CheckIo): Promise<boolean> {
  const line = (verdict: Verdict, text: string) => io.out(`  ${mark[verdict]}  ${text}\n`);
  let healthy = true;
  const config = loadConfig(options);
  io.out(`mikrocloud doctor (configuration: ${resolveConfigFile(options) ?? 'defaults and environment'})\n\nEngine discovery (runtime = "${config.docker.runtime}"):\n`);
  const socketPath = config.docker.socket_path;
  const tried = new Map<string, string>();
  // A configured remote engine is the only candidate: the local ones are not consulted.
  if (config.docker.host) line('info', `docker.host (${config.docker.host}): used as configured, before any local socket`);
  for (const strategy of config.docker.host ? [] : defaultStrategies(socketPath, io.env, 'docker.socket_path')) {
    const result = await strategy.getResult({ probe: probeSocket, identify: identifyEngine, pingTimeoutMs: 3000, tried });
    if ('found' in result) line('ok', `${strategy.name} (${result.found.socketPath}): ${result.found.runtime} answers`);
    else line('info', `${strategy.name}${result.skipped.path ? ` (${result.skipped.path})` : ''}: ${result.skipped.reason}`);
  }

  io.out('\nChosen engine:\n');
  let engines: EngineRegistry | undefined;
  try {
    engines = await createEngines(config, { env: io.env });
    const manager = engines.get(DEFAULT_ENGINE);
    const info = await manager.info();
    line('ok', `${info.runtime} ${info.version} at ${info.socket_path} (${info.rootless ? 'rootless' : 'rootful'}, cgroup v${info.cgroup_version})`);
    io.out('\nBuild isolation:\n');
    line('info', `build network: ${config.build.network === 'none' ? 'none (build steps have no network)' : 'bridge (build steps run on a private network)'}`);
    const features = await manager.buildFeatures?.();
    if (features) line('info', `builder: ${features.builder}${features.cacheMounts ? ' (package caches mounted into generated Dockerfiles)' : ''}`);
    if (features?.builder === 'buildkit') {
      // Docker Engine's BuildKit takes no memory or CPU limits through the Engine API.
      line('warn', `build limits: ${config.build.memory_mb} MiB memory, ${config.build.cpus} CPUs are not applied by BuildKit (set build.builder = "legacy" or "auto" to have them)`);
    } else {
      if (features?.builder === 'legacy' && config.build.builder === 'auto') {
        line('info', 'builder "auto" keeps Docker\'s legacy builder so the build limits apply (BuildKit does not apply them); build.builder = "buildkit" trades them for cache mounts');
      }
      line('info', `build limits: ${config.build.memory_mb} MiB memory, ${config.build.cpus} CPUs`);
    }
    if (info.runtime === 'podman') line('info', `RUN --mount forms Podman cannot confine: ${config.build.allow_unconfined_mounts ? 'ALLOWED (build.allow_unconfined_mounts)' : 'refused'}`);
    for (const warning of info.warnings) line('warn', warning);
  } catch (err) {
    healthy = false;
    line('fail', isMikrocloudError(err) || err instanceof Error ? err.message : String(err));
  }

  if (engines && config.engines.length > 0) {
    // The server serves while a named engine is away (its routes answer 503): a warning, not a failure.
    io.out('\nNamed engines ([[engines]]):\n');
    for (const status of await engines.list()) {
      if (status.name === DEFAULT_ENGINE) continue;
      if (status.reachable) line('ok', `${status.name}: ${status.runtime}${status.version ? ` ${status.version}` : ''} answers`);
      else line('warn', `${status.name}: ${status.runtime} not reachable: ${status.reason ?? 'no answer'}`);
    }
  }
  await engines?.close();

  io.out('\nData directories:\n');
  for (const [path, what] of [
    [config.server.data_dir, 'data dir (server.data_dir)'],
    [resolveBuildDir(config), 'build dir (build.build_dir)'],
  ] as const) {
    const [verdict, text] = directoryVerdict(path, what);
    if (verdict === 'fail') healthy = false;
    line(verdict, text);
  }
  io.out(`\n${healthy ? 'Everything needed to serve is in place.' : 'Some checks failed (FAIL above).'}\n`);
  return healthy;
}
