import { createValidator, validateExecRequest, type ExecResult, type LogLine, type WaitOptions } from '@mikrocloud/core';
import { Hono, type Context } from 'hono';
import { readJson } from '../body.js';
import { acquireLiveStream } from '../live-streams.js';
import type { Logger } from '../logger.js';
import { addRoute } from '../route-registry.js';
import { execOperations, MAX_EXEC_OUTPUT_BYTES, MAX_EXEC_OUTPUT_LINES, WaitRequest } from './exec-operations.js';
import { streamLines } from './log-response.js';

export interface ExecRoutesOptions {
  logger: Logger;
  /** Aborted when the server shuts down: open exec streams end with `event: exit`. */
  shutdownSignal?: AbortSignal;
}

const BASE = '/api/v1/containers';
const waitRequest = createValidator(WaitRequest);

/** Whether the client asked for one JSON answer rather than events. */
function wantsJson(request: Request): boolean {
  const accept = (request.headers.get('accept') ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

/** The wait body, which may be absent. */
async function readWaitRequest(c: Context): Promise<WaitRequest> {
  // Hono keeps the text it read, so readJson reads the same body again.
  if ((await c.req.text()).trim() === '') return {};
  return waitRequest.parse(await readJson(c));
}

/** Reads a session to its end into a capped JSON answer. */
async function collectExec(session: AsyncIterable<LogLine> & { exitCode: Promise<number> }): Promise<ExecResult> {
  const output: LogLine[] = [];
  let bytes = 0;
  let truncated = false;
  for await (const line of session) {
    bytes += Buffer.byteLength(line.line);
    if (output.length >= MAX_EXEC_OUTPUT_LINES || bytes > MAX_EXEC_OUTPUT_BYTES) truncated = true;
    else output.push(line);
  }
  return { exit_code: await session.exitCode, output, ...(truncated ? { truncated } : {}) };
}

/** `POST /api/v1/containers/{id}/exec` and `/wait`, as {@link execOperations} declares them. */
export function execRoutes({ logger, shutdownSignal }: ExecRoutesOptions): Hono {
  const app = new Hono();

  addRoute(app, BASE, execOperations.exec, async (c, { id, manager }) => {
    const request = validateExecRequest(await readJson(c));
    if (wantsJson(c.req.raw)) {
      const release = acquireLiveStream(c.req.raw);
      try {
        const session = await manager.exec(id, request, { signal: c.req.raw.signal });
        return c.json(await collectExec(session));
      } finally {
        release();
      }
    }
    // A place is checked before the command runs, so a refused stream (429) starts nothing.
    acquireLiveStream(c.req.raw)();
    const abort = new AbortController();
    const session = await manager.exec(id, request, { signal: abort.signal });
    return streamLines<LogLine>({
      request: c.req.raw,
      sse: true,
      live: true,
      title: 'mikrocloud exec stream',
      shutdownSignal,
      open: (signal) => {
        signal.addEventListener('abort', () => abort.abort(), { once: true });
        return session;
      },
      toText: (line) => line.line,
      toEvent: (line) => ({ event: 'line', data: line }),
      endEvent: 'exit',
      endData: async () => ({ exit_code: await session.exitCode.catch(() => null) }),
      onError: (err) => logger.warn('exec stream failed', { container: id, error: err instanceof Error ? err.message : String(err) }),
    });
  });

  addRoute(app, BASE, execOperations.wait, async (c, { id, manager }) => {
    const body = await readWaitRequest(c);
    const options: WaitOptions = {
      signal: c.req.raw.signal,
      ...(body.condition === undefined ? {} : { condition: body.condition }),
      ...(body.timeout_seconds === undefined ? {} : { timeoutMs: body.timeout_seconds * 1000 }),
    };
    return c.json(await manager.wait(id, options));
  });

  return app;
}
