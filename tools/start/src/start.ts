import { createManager, loadConfig, parseBooleanWord, parseCommandLine, type ParsedCommandLine } from '@mikrocloud/api';
import { afterUpScript, decideStart, type StartSituation } from './decide.js';

/** What {@link startLocal} does to the world, injected so the flow is tested as plain logic. */
export interface StartEffects {
  /** The configured (or discovered) engine and whether it answers; undefined when the configuration cannot be read. */
  probe(): Promise<StartSituation['engine']>;
  /** Runs `tools/engines/up.sh --docker-only` and resolves with its exit code. */
  runUpScript(): Promise<number>;
  /** Runs `mikrocloud serve` and resolves with its exit code. */
  serve(): Promise<number>;
  stderr(text: string): void;
}

/**
 * `npm start`: probes the engine, starts Docker with the engines script when none answers and
 * that can help (see {@link decideStart}), says so on standard error, then serves whatever the
 * outcome: a server without an engine answers 503 until one appears.
 */
export async function startLocal(machine: Omit<StartSituation, 'engine'>, effects: StartEffects): Promise<number> {
  const engine = await effects.probe();
  const decision = decideStart({ ...machine, engine });
  if (decision.say) effects.stderr(`mikrocloud: ${decision.say}\n`);
  if (decision.action === 'start-docker') {
    const exitCode = await effects.runUpScript();
    const again = exitCode === 0 ? await effects.probe() : undefined;
    const note = afterUpScript(exitCode, again?.answered ?? false);
    if (note) effects.stderr(`mikrocloud: ${note}\n`);
  }
  return effects.serve();
}

/** Serve's arguments as `mikrocloud serve` reads them; undefined when it would refuse them (it then says why). */
function serveOptions(argv: readonly string[]): ParsedCommandLine['values'] | undefined {
  try {
    return parseCommandLine(['serve', ...argv]).values;
  } catch {
    return undefined;
  }
}

/**
 * Whether the arguments ask for a server at all: not with `--help` or `--version` (they only
 * print), nor with arguments serve refuses (it prints why).
 */
export function servesWith(argv: readonly string[]): boolean {
  const values = serveOptions(argv);
  return values !== undefined && !values.help && !values.version;
}

/** The `--config FILE` (`-c FILE`, `--config=FILE`) among serve's arguments. */
export function configFileOf(argv: readonly string[]): string | undefined {
  return serveOptions(argv)?.config;
}

/**
 * `MIKROCLOUD_START_ENGINE`: whether `npm start` may start an engine (default yes), in the
 * configuration's yes/no words. Throws an Error naming the variable for any other value.
 */
export function startsEngine(value: string | undefined): boolean {
  if (value === undefined || value.trim() === '') return true;
  const yes = parseBooleanWord(value);
  if (yes === undefined) throw new Error(`MIKROCLOUD_START_ENGINE must be true, 1, yes, on or false, 0, no, off (got "${value}")`);
  return yes;
}

/**
 * The engine `mikrocloud serve` would use with these arguments and environment, and whether it
 * answers a ping within `timeoutMs`. Undefined when the configuration (or the manager's setup)
 * fails: serve then reports that itself.
 */
export async function probeConfiguredEngine(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 3000): Promise<StartSituation['engine']> {
  const file = configFileOf(argv);
  let manager;
  try {
    manager = await createManager(loadConfig({ env, cwd, ...(file === undefined ? {} : { file }) }), { env });
  } catch {
    return undefined;
  }
  const where = { runtime: manager.runtime, socketPath: manager.socketPath };
  try {
    await manager.ping({ signal: AbortSignal.timeout(timeoutMs) });
    return { ...where, answered: true };
  } catch (error) {
    // Its first sentence: serve logs the whole story (every candidate tried) once it listens.
    const message = error instanceof Error ? error.message : String(error);
    return { ...where, answered: false, reason: message.replace(/\.\s[\s\S]*$/, '').replace(/\.$/, '') };
  }
}
