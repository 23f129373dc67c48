import {
  ValidationError,
  isMikrocloudError,
  validateContainerConfig,
  type ContainerConfig,
  type ContainerManager,
  type LogLine,
  type LogOptions,
} from '@mikrocloud/core';
import { Hono, type Context } from 'hono';
import { readJson } from '../body.js';
import type { Logger } from '../logger.js';
import { booleanParam, containerRefParam, integerParam, labelParam, parseQuery, timeParam } from '../query.js';
import { logResponse, openEventStream } from './log-response.js';

export interface ContainerRoutesOptions {
  manager: ContainerManager;
  logger: Logger;
  /** Aborted when the server shuts down: open log streams end cleanly. */
  shutdownSignal?: AbortSignal;
}

/** Longest stop grace period a request may ask for. */
const MAX_TIMEOUT_SECONDS = 3600;
const timeoutQuery = { timeout: integerParam(0, MAX_TIMEOUT_SECONDS) };


const RUNNING_STATES = new Set(['running', 'restarting', 'paused']);

/** Upper bound of one chunk of a log answer. */
const BATCH_BYTES = 64 * 1024;
const WAITING = Symbol('waiting');

/** The container routes, relative to `/api/v1/containers`. */
export function containerRoutes({ manager, logger, shutdownSignal }: ContainerRoutesOptions): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = parseQuery(c, { all: booleanParam, label: labelParam });
    const labels = q.label && q.label.length > 0 ? Object.fromEntries(q.label) : undefined;
    const list = await manager.list({
      all: q.all ?? false,
      ...(labels ? { labels } : {}),
      signal: c.req.raw.signal,
    });
    return c.json(list);
  });

  app.post('/', async (c) => {
    parseQuery(c, {});
    const { port_bindings: _parsed, ...config } = validateContainerConfig(await readJson(c));
    const created = await manager.create(config satisfies ContainerConfig);
    c.header('Location', `/api/v1/containers/${encodeURIComponent(created.id)}`);
    return c.json(created, 201);
  });

  app.get('/:id', async (c) => {
    const id = containerRefParam(c);
    parseQuery(c, {});
    return c.json(await manager.inspect(id));
  });

  app.post('/:id/start', async (c) => {
    const id = containerRefParam(c);
    parseQuery(c, {});
    return c.json(await manager.start(id));
  });

  app.post('/:id/stop', async (c) => {
    const id = containerRefParam(c);
    const { timeout } = parseQuery(c, timeoutQuery);
    return c.json(await manager.stop(id, timeout === undefined ? {} : { timeoutSeconds: timeout }));
  });

  app.post('/:id/restart', async (c) => {
    const id = containerRefParam(c);
    const { timeout } = parseQuery(c, timeoutQuery);
    return c.json(await manager.restart(id, timeout === undefined ? {} : { timeoutSeconds: timeout }));
  });

  app.delete('/:id', async (c) => {
    const id = containerRefParam(c);
    const { timeout } = parseQuery(c, timeoutQuery);
    const current = await manager.inspect(id);
    // Stop gracefully first so the process gets SIGTERM and its grace period; `force` then only
    // covers a container a restart policy brought back in between.
    if (RUNNING_STATES.has(current.state)) {
      await manager.stop(current.id, timeout === undefined ? {} : { timeoutSeconds: timeout });
    }
    await manager.remove(current.id, { force: true });
    return c.body(null, 204);
  });

  app.get('/:id/logs', async (c) => {
    const id = containerRefParam(c);
    const q = parseQuery(c, {
      tail: integerParam(0, 1_000_000),
      since: timeParam,
      timestamps: booleanParam,
      stdout: booleanParam,
      stderr: booleanParam,
      follow: booleanParam,
    });
    if (q.stdout === false && q.stderr === false) {
      throw ValidationError.field('stdout', 'stdout and stderr cannot both be false');
    }
    const sse = wantsEventStream(c);
    const options: LogOptions = {
      follow: q.follow ?? sse,
      timestamps: q.timestamps ?? false,
      stdout: q.stdout ?? true,
      stderr: q.stderr ?? true,
      ...(q.tail === undefined ? {} : { tail: q.tail }),
      ...(q.since === undefined ? {} : { since: q.since }),
    };
    // Resolve the container before answering, so an unknown one is a 404 and not a 200 stream
    // that ends at once.
    const container = await manager.inspect(id);
    return streamLogs(c, { manager, logger, id: container.id, options, sse, ...(shutdownSignal ? { shutdownSignal } : {}) });
  });

  return app;
}

function wantsEventStream(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes('text/event-stream');
}

interface StreamLogsOptions {
  manager: ContainerManager;
  logger: Logger;
  id: string;
  options: LogOptions;
  sse: boolean;
  shutdownSignal?: AbortSignal;
}

/**
 * Streams log lines as text (one line each) or as server-sent events. The engine stream is
 * closed whenever the client goes away (request signal or stream cancel) or the server shuts
 * down; an SSE stream always ends with `event: end` when the server ends it.
 */
function streamLogs(c: Context, { manager, logger, id, options, sse, shutdownSignal }: StreamLogsOptions): Response {
  const encoder = new TextEncoder();
  const engine = new AbortController();
  const stop = () => engine.abort();
  const requestSignal = c.req.raw.signal;
  requestSignal.addEventListener('abort', stop, { once: true });
  shutdownSignal?.addEventListener('abort', stop, { once: true });
  if (shutdownSignal?.aborted) engine.abort();

  const iterator = manager.logs(id, { ...options, signal: engine.signal })[Symbol.asyncIterator]();
  let heartbeat: NodeJS.Timeout | undefined;
  let finished = false;
  // A line asked for by the previous pull that had not arrived when that pull flushed.
  let pendingNext: Promise<IteratorResult<LogLine>> | undefined;

  const cleanup = () => {
    if (finished) return;
    finished = true;
    if (heartbeat) clearInterval(heartbeat);
    requestSignal.removeEventListener('abort', stop);
    shutdownSignal?.removeEventListener('abort', stop);
    engine.abort();
    void Promise.resolve(iterator.return?.()).catch(() => {});
  };

  const format = (entry: LogLine): string => {
    if (sse) return `data: ${JSON.stringify(entry)}\n\n`;
    return `${options.timestamps && entry.timestamp ? `${entry.timestamp} ` : ''}${entry.line}\n`;
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (sse) heartbeat = openEventStream(controller, 'mikrocloud log stream', () => !finished);
    },
    async pull(controller) {
      // Sends every line the engine has already delivered as one chunk: one write per engine
      // read instead of one per line. Stops at the first line that is not there yet (the
      // setImmediate tick: pending I/O), so a followed log is never held back.
      const batch: string[] = [];
      let bytes = 0;
      const tick = new Promise<typeof WAITING>((resolve) => setImmediate(resolve, WAITING));
      try {
        for (;;) {
          const next = pendingNext ?? iterator.next();
          pendingNext = undefined;
          const result = batch.length === 0 ? await next : await Promise.race([next, tick]);
          if (finished) return;
          if (result === WAITING) {
            pendingNext = next;
            // Awaited by the next pull; until then a failure must not count as unhandled.
            next.catch(() => {});
            break;
          }
          if (result.done) {
            if (batch.length > 0) controller.enqueue(encoder.encode(batch.join('')));
            batch.length = 0;
            break;
          }
          const text = format(result.value);
          batch.push(text);
          bytes += text.length;
          if (bytes >= BATCH_BYTES) break;
        }
        if (batch.length > 0) {
          controller.enqueue(encoder.encode(batch.join('')));
          return;
        }
      } catch (err) {
        if (finished) return;
        if (batch.length > 0) controller.enqueue(encoder.encode(batch.join('')));
        if (!engine.signal.aborted) {
          logger.warn('log stream failed', { container: id, error: err instanceof Error ? err.message : String(err) });
          if (sse) {
            const error = isMikrocloudError(err)
              ? err.toJSON().error
              : { code: 'internal_error', message: 'the log stream failed' };
            controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify(error)}\n\n`));
          }
        }
      }
      if (sse) controller.enqueue(encoder.encode('event: end\ndata: {}\n\n'));
      cleanup();
      controller.close();
    },
    cancel() {
      cleanup();
    },
  });

  return logResponse(body, sse);
}
