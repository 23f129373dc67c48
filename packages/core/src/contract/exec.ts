import type { CallOptions } from '../container-manager.js';
import type { LogLine } from '../schemas/container.js';
import type { ExecRequest } from '../schemas/exec.js';

/**
 * A command running in a container: iterate it for its stdout and stderr lines (demultiplexed,
 * as in logs), then await {@link exitCode}. Awaiting `exitCode` without iterating discards the
 * output. Aborting the call's signal, or leaving a `for await` early, closes the stream: the
 * engine offers no way to kill an exec'd process, so the command itself runs on to its end (or
 * until the container stops), and `exitCode` rejects with a CancelledError.
 */
export interface ExecSession extends AsyncIterable<LogLine> {
  /** The engine's id of this exec instance. */
  readonly id: string;
  /** The command's exit code, once its output has ended. */
  readonly exitCode: Promise<number>;
}

/** Running commands in containers. */
export interface ExecOperations {
  /**
   * Runs `command` (argv, no terminal) in a running container of this manager's scope. A
   * container outside the scope is a NotFoundError; one that is not running, a ConflictError.
   *
   * @example
   * const session = await manager.exec('db', { command: ['pg_isready'] });
   * for await (const line of session) console.log(line.stream, line.line);
   * console.log('exit code', await session.exitCode);
   */
  exec(idOrName: string, request: ExecRequest, options?: CallOptions): Promise<ExecSession>;
}
