import type { IncomingMessage } from 'node:http';
import { CancelledError, TimeoutError, throwIfAborted, type CallOptions, type LogLine, type LogOptions } from '@mikrocloud/core';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import type { EngineContainerInspect } from '../engine/types.js';
import { readLogLines } from './log-stream.js';
import { containerPath } from './operations.js';

/**
 * `GET /containers/<id>/logs` as lines. Aborting the signal, or leaving a `for await` early, ends
 * the iteration and closes the HTTP stream; an abort ends it quietly rather than throwing.
 * `inspectRaw` tells whether the container has a TTY (its output is then not multiplexed), and
 * refuses a container the manager does not see; the logs are then read by the id it answered.
 */
export async function* streamContainerLogs(
  calls: EngineCalls,
  inspectRaw: (idOrName: string, options: CallOptions) => Promise<EngineContainerInspect>,
  idOrName: string,
  options: LogOptions,
): AsyncGenerator<LogLine> {
  const signal = options.signal;
  // A signal aborted before the call is a cancelled call, as everywhere else; only an abort
  // during the iteration ends it quietly.
  throwIfAborted(signal);
  let res: IncomingMessage;
  let tty: boolean;
  try {
    const raw = await inspectRaw(idOrName, options);
    tty = raw.Config?.Tty ?? false;
    const since = options.since instanceof Date ? Math.floor(options.since.getTime() / 1000) : options.since;
    res = await calls.open({
      method: 'GET',
      path: `${containerPath(raw.Id ?? idOrName)}/logs`,
      query: {
        stdout: options.stdout ?? true,
        stderr: options.stderr ?? true,
        follow: options.follow ? true : undefined,
        tail: options.tail === undefined ? undefined : Math.max(0, Math.floor(options.tail)),
        since,
        timestamps: options.timestamps ? true : undefined,
      },
      ...signalOf(options),
    });
  } catch (err) {
    const mapped = calls.mapError(err, { subject: `container "${idOrName}"`, action: 'read the logs of', ...signalOf(options) });
    if (mapped instanceof CancelledError || mapped instanceof TimeoutError) return;
    throw mapped;
  }
  const onAbort = () => res.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    yield* readLogLines(res, { tty, timestamps: options.timestamps ?? false });
  } catch (err) {
    if (signal?.aborted) return;
    throw calls.mapError(err, { subject: `container "${idOrName}"`, action: 'read the logs of' });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    res.destroy();
  }
}
