import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CancelledError,
  ConflictError,
  throwIfAborted,
  validateExecRequest,
  type CallOptions,
  type ExecRequest,
  type ExecSession,
  type LogLine,
} from '@mikrocloud/core';
import { readLogLines } from '../containers/log-stream.js';
import { normaliseState } from '../containers/mapping.js';
import { containerPath } from '../containers/operations.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import type { EngineContainerInspect } from '../engine/types.js';

/** `GET /exec/<id>/json`: what mikrocloud reads of it. */
interface EngineExecInspect {
  Running?: boolean;
  ExitCode?: number | null;
}

/** How long the exit code may lag behind the end of the output (Podman records it a moment later). */
const EXIT_CODE_ATTEMPTS = 20;
const EXIT_CODE_PAUSE_MS = 50;

/** The `POST /containers/<id>/exec` body: no terminal, no stdin, stdout and stderr attached. */
export function toExecCreateBody(request: ExecRequest): Record<string, unknown> {
  return {
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    Cmd: request.command,
    ...(request.env ? { Env: Object.entries(request.env).map(([k, v]) => `${k}=${v}`) } : {}),
    ...(request.user ? { User: request.user } : {}),
    ...(request.working_dir ? { WorkingDir: request.working_dir } : {}),
  };
}

/** `GET /exec/<id>/json` until the command has ended; its exit code. */
async function execExitCode(calls: EngineCalls, execId: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const info = await calls.call<EngineExecInspect>({ method: 'GET', path: `/exec/${encodeURIComponent(execId)}/json` }, { subject: `exec "${execId}"`, action: 'inspect' });
    if (!info?.Running && typeof info?.ExitCode === 'number') return info.ExitCode;
    if (attempt >= EXIT_CODE_ATTEMPTS) throw new ConflictError(`exec "${execId}" ended its output but reports no exit code`);
    await sleep(EXIT_CODE_PAUSE_MS);
  }
}

/** One exec instance's output stream and exit code (see {@link ExecSession}). */
class EngineExecSession implements ExecSession {
  private readonly exit: Promise<number>;
  private settle!: { resolve: (code: number) => void; reject: (err: unknown) => void };
  private iterated = false;
  private drainScheduled = false;

  constructor(
    readonly id: string,
    private readonly calls: EngineCalls,
    private readonly res: IncomingMessage,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.exit = new Promise<number>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody may ever ask: a rejection must not count as unhandled.
    this.exit.catch(() => {});
    const onAbort = () => res.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    res.once('close', () => signal?.removeEventListener('abort', onAbort));
  }

  get exitCode(): Promise<number> {
    // Asked for without iterating: the output is read (and discarded) so the command can end.
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(() => {
        if (this.iterated) return;
        void (async () => {
          for await (const _line of this) {
            // discarded
          }
        })().catch(() => {});
      });
    }
    return this.exit;
  }

  [Symbol.asyncIterator](): AsyncIterator<LogLine> {
    if (this.iterated) throw new TypeError('the output of an exec session can be read once');
    this.iterated = true;
    return this.lines();
  }

  private async *lines(): AsyncGenerator<LogLine> {
    let ended = false;
    let failure: unknown;
    try {
      yield* readLogLines(this.res, { tty: false });
      ended = true;
    } catch (err) {
      if (!this.signal?.aborted) {
        failure = this.calls.mapError(err, { subject: `exec "${this.id}"`, action: 'read the output of' });
        throw failure;
      }
    } finally {
      this.res.destroy();
      if (ended && !this.signal?.aborted) execExitCode(this.calls, this.id).then(this.settle.resolve, this.settle.reject);
      else this.settle.reject(failure ?? new CancelledError('the exec output was closed before the command ended; the command itself runs on'));
    }
  }
}

/**
 * Runs a command in a running container (already resolved by `inspect` within the manager's
 * scope): `POST /containers/<id>/exec`, then `POST /exec/<id>/start` attached, its multiplexed
 * output demultiplexed into lines as logs are.
 */
export async function startExec(
  calls: EngineCalls,
  inspect: (idOrName: string, options: CallOptions) => Promise<EngineContainerInspect>,
  idOrName: string,
  input: ExecRequest,
  options: CallOptions,
): Promise<ExecSession> {
  const request = validateExecRequest(input);
  throwIfAborted(options.signal);
  const raw = await inspect(idOrName, options);
  const state = normaliseState(raw.State?.Status);
  if (state !== 'running') throw new ConflictError(`container "${idOrName}" is ${state}: a command runs only in a running container`);
  const context = { subject: `container "${idOrName}"`, action: 'exec in', ...signalOf(options) };
  const created = await calls.call<{ Id: string }>(
    { method: 'POST', path: `${containerPath(raw.Id ?? idOrName)}/exec`, body: toExecCreateBody(request), ...signalOf(options) },
    context,
  );
  let res: IncomingMessage;
  try {
    res = await calls.open({ method: 'POST', path: `/exec/${encodeURIComponent(created.Id)}/start`, body: { Detach: false, Tty: false }, ...signalOf(options) });
  } catch (err) {
    throw calls.mapError(err, context);
  }
  return new EngineExecSession(created.Id, calls, res, options.signal);
}
