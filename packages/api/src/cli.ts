import { networkInterfaces } from 'node:os';
import { isMikrocloudError } from '@mikrocloud/core';
import { createApp } from './app.js';
import { auditFileIn, openAuditStore, type AuditStore } from './audit/store.js';
import { loadTokens, type ApiToken } from './auth/tokens.js';
import { parseCommandLine, UsageError } from './cli-args.js';
import { configCheck, doctor } from './cli-checks.js';
import { buildpackBaseDir, createBuildSystem, type BuildSystem } from './build-system.js';
import { ConfigError, assertSafeBind, loadConfig, redactedConfig, resolveConfigFile, type ConfigInput } from './config.js';
import { createLogger } from './logger.js';
import { readOrCreateInstanceId } from './instance-id.js';
import { DEFAULT_ENGINE } from '@mikrocloud/runtime';
import { createEngines } from './engines.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

/** Exit codes of the `mikrocloud` command. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

export const USAGE = `Usage:
  mikrocloud serve [--config FILE] [--host HOST] [--port PORT] [--log-format json|plain]
  mikrocloud config check [--config FILE] [--host HOST] [--port PORT]
  mikrocloud doctor [--config FILE]
  mikrocloud --help | --version

Commands:
  serve                 Run the REST API server
  config check          Check the configuration and print it as serve would use it (secrets as ***)
  doctor                Show engine discovery (each candidate and why), build isolation and data dirs

Options:
  --config FILE         Configuration file (default: $MIKROCLOUD_CONFIG, else ./mikrocloud.toml if present)
  --host HOST           Address to bind (default 127.0.0.1; anything else needs a token)
  --port PORT           TCP port (default 3000; 0 picks a free one)
  --log-format FORMAT   json (default) or plain; logs go to standard error

  -h, --help            Show this help
  -v, --version         Show the version

Every setting can also come from MIKROCLOUD_<SECTION>_<KEY> (e.g. MIKROCLOUD_SERVER_TOKEN);
flags win over the environment, which wins over the file.
`;

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Install SIGTERM/SIGINT handlers for `serve`. Default true. */
  handleSignals?: boolean;
  /** Labels the server's manager puts on everything it creates, besides its own (benchmarks, embedding). */
  managerLabels?: Record<string, string>;
  /** Called once `serve` listens, with its URL and a function that shuts it down (tests). */
  onListening?: (url: string, stop: () => Promise<void>) => void;
}

/** The one line after a usage error: the full usage is one `--help` away. */
const USAGE_HINT = 'Run "mikrocloud --help" for usage.';

function parsePort(text: string): number {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

/**
 * Runs the `mikrocloud` command line and resolves with its exit code: 0 on success (and after
 * a graceful shutdown), 2 for bad usage or configuration (including an unauthenticated
 * non-loopback bind), 1 when the server cannot start.
 */
export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const out = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = io.env ?? process.env;

  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    err(`mikrocloud: ${(e as Error).message}\n${USAGE_HINT}\n`);
    return ExitCode.usage;
  }
  const { values, command } = parsed;
  if (values.help) {
    out(USAGE);
    return ExitCode.ok;
  }
  if (values.version) {
    out(`${VERSION}\n`);
    return ExitCode.ok;
  }

  const flags: ConfigInput = {};
  try {
    const server: NonNullable<ConfigInput['server']> = {};
    if (values.host !== undefined) server.host = values.host;
    if (values.port !== undefined) server.port = parsePort(values.port);
    if (Object.keys(server).length > 0) flags.server = server;
    if (values['log-format'] !== undefined && !['json', 'plain'].includes(values['log-format'])) {
      throw new UsageError(`--log-format must be json or plain, got "${values['log-format']}"`);
    }
  } catch (e) {
    err(`mikrocloud: ${(e as Error).message}\n${USAGE_HINT}\n`);
    return ExitCode.usage;
  }

  const checks = { env, flags, ...(values.config === undefined ? {} : { file: values.config }), ...(io.cwd ? { cwd: io.cwd } : {}) };
  if (command === 'config check' || command === 'doctor') {
    try {
      if (command === 'config check') configCheck(checks, { out, env });
      else return (await doctor(checks, { out, env })) ? ExitCode.ok : ExitCode.failure;
      return ExitCode.ok;
    } catch (e) {
      if (e instanceof ConfigError || isMikrocloudError(e)) {
        err(`mikrocloud: ${e.message}\n`);
        return ExitCode.usage;
      }
      throw e;
    }
  }

  const logger = createLogger({ format: values['log-format'] === 'plain' ? 'plain' : 'json', write: (line) => err(`${line}\n`) });
  const loadOptions = checks;
  let config;
  let tokens: ApiToken[];
  try {
    config = loadConfig(loadOptions);
    assertSafeBind(config);
    tokens = loadTokens(config, { env });
  } catch (e) {
    if (e instanceof ConfigError || isMikrocloudError(e)) {
      err(`mikrocloud: ${e.message}\n`);
      return ExitCode.usage;
    }
    throw e;
  }

  let instanceId: string;
  try {
    instanceId = readOrCreateInstanceId(config.server.data_dir);
  } catch (e) {
    err(`mikrocloud: ${(e as Error).message}\n`);
    return ExitCode.failure;
  }

  let engines;
  try {
    engines = await createEngines(config, { env, logger, instanceId, ...(io.managerLabels ? { labels: io.managerLabels } : {}) });
  } catch (e) {
    err(`mikrocloud: ${(e as Error).message}\n`);
    return ExitCode.usage;
  }

  const manager = engines.get(DEFAULT_ENGINE);
  const shutdown = new AbortController();
  let builds: BuildSystem;
  try {
    builds = await createBuildSystem({
      manager,
      config,
      logger,
      baseDir: buildpackBaseDir(resolveConfigFile(loadOptions), io.cwd),
      shutdownSignal: shutdown.signal,
      instanceId,
    });
  } catch (e) {
    await engines.close();
    err(`mikrocloud: cannot start the build system: ${(e as Error).message}\n`);
    return ExitCode.failure;
  }
  let audit: AuditStore;
  try {
    audit = openAuditStore({ file: auditFileIn(config.server.data_dir), retentionDays: config.server.audit_retention_days });
  } catch (e) {
    await builds.close();
    await engines.close();
    err(`mikrocloud: cannot open the audit trail: ${(e as Error).message}\n`);
    return ExitCode.failure;
  }
  const app = createApp({
    manager,
    engines,
    config,
    allowedHosts: wildcardAddresses(config.server.host),
    logger,
    shutdownSignal: shutdown.signal,
    mounts: { '/api/v1/images': builds.routes },
    openapi: builds.openapi,
    tokens,
    audit,
  });
  let server;
  try {
    server = await startServer({
      app,
      host: config.server.host,
      port: config.server.port,
      headersTimeoutMs: config.server.headers_timeout_seconds * 1000,
      requestTimeoutMs: config.server.request_timeout_seconds * 1000,
      logger,
      onClose: () => shutdown.abort(),
    });
  } catch (e) {
    await builds.close();
    audit.close();
    await engines.close();
    err(`mikrocloud: cannot listen on ${config.server.host}:${config.server.port}: ${(e as Error).message}\n`);
    return ExitCode.failure;
  }

  logger.info('configuration', { file: resolveConfigFile(loadOptions) ?? null, config: redactedConfig(config) });
  logger.info('listening', { url: server.url, runtime: manager.runtime, socket_path: manager.socketPath, engines: engines.names(), instance_id: instanceId, scope: config.server.scope, auth: tokens.length > 0, tokens: tokens.map((t) => t.name) });
  manager.ping().then(
    () => logger.info('engine reachable', { runtime: manager.runtime }),
    (e: unknown) => logger.warn('engine not reachable yet; container routes answer 503 until it is', { error: (e as Error).message }),
  );

  const running = server;
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info('shutting down', { signal });
      void running.close().then(resolve);
    };
    if (io.handleSignals !== false) {
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    }
    io.onListening?.(running.url, async () => {
      stop('request');
      await running.close();
    });
  });
  await stopped;
  await builds.close();
  audit.close();
  await engines.close();
  logger.info('stopped');
  return ExitCode.ok;
}

/**
 * The addresses a server bound to a wildcard (`0.0.0.0`, `::`) is reached at: its interfaces'
 * addresses, which clients (probes, curl by IP) send as Host. A DNS-rebinding page always sends
 * its own host name, never one of these.
 */
function wildcardAddresses(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::' && host !== '[::]') return [];
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => host !== '0.0.0.0' || a.family === 'IPv4')
    .map((a) => a.address.replace(/%.*$/, ''));
}
