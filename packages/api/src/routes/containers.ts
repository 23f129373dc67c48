import {
  ValidationError,
  validateContainerConfig,
  type ContainerConfig,
  type LogOptions,
} from '@mikrocloud/core';
import { Hono } from 'hono';
import { readJson } from '../body.js';
import type { Logger } from '../logger.js';
import { addRoute } from '../route-registry.js';
import { containerOperations } from './container-operations.js';
import { lastEventId, streamLines, wantsEventStream } from './log-response.js';
import { parseLogPosition, positionedLines, type LogPosition, type PositionedLine } from './log-resume.js';

export interface ContainerRoutesOptions {
  logger: Logger;
  /** Aborted when the server shuts down: open log streams end cleanly. */
  shutdownSignal?: AbortSignal;
  /** `?all=true` on the list is allowed (`[server] expose_unmanaged`); otherwise it is a 400 naming `all`. Default false. */
  exposeUnmanaged?: boolean;
}

const RUNNING_STATES = new Set(['running', 'restarting', 'paused']);
const BASE = '/api/v1/containers';
const ops = containerOperations;

/** The container routes, relative to `/api/v1/containers`, as {@link containerOperations} declares them. */
export function containerRoutes({ logger, shutdownSignal, exposeUnmanaged = false }: ContainerRoutesOptions): Hono {
  const app = new Hono();

  addRoute(app, BASE, ops.list, async (c, { query: q, manager }) => {
    if (q.all && !exposeUnmanaged) {
      throw ValidationError.field('all', 'listing containers mikrocloud did not create is disabled; set [server] expose_unmanaged = true to allow it');
    }
    const labels = q.label && q.label.length > 0 ? Object.fromEntries(q.label) : undefined;
    const list = await manager.list({
      all: q.all ?? false,
      ...(labels ? { labels } : {}),
      signal: c.req.raw.signal,
    });
    return c.json(list);
  });

  addRoute(app, BASE, ops.create, async (c, { manager }) => {
    const { port_bindings: _parsed, ...config } = validateContainerConfig(await readJson(c));
    const created = await manager.create(config satisfies ContainerConfig);
    c.header('Location', `/api/v1/containers/${encodeURIComponent(created.id)}`);
    return c.json(created, 201);
  });

  addRoute(app, BASE, ops.inspect, async (c, { id, manager }) => c.json(await manager.inspect(id)));
  addRoute(app, BASE, ops.start, async (c, { id, manager }) => c.json(await manager.start(id)));

  const grace = (timeout: number | undefined) => (timeout === undefined ? {} : { timeoutSeconds: timeout });
  addRoute(app, BASE, ops.stop, async (c, { id, query, manager }) => c.json(await manager.stop(id, grace(query.timeout))));
  addRoute(app, BASE, ops.restart, async (c, { id, query, manager }) => c.json(await manager.restart(id, grace(query.timeout))));

  addRoute(app, BASE, ops.remove, async (c, { id, query, manager }) => {
    const current = await manager.inspect(id);
    // Stop gracefully first so the process gets SIGTERM and its grace period; `force` then only
    // covers a container a restart policy brought back in between.
    if (RUNNING_STATES.has(current.state)) await manager.stop(current.id, grace(query.timeout));
    await manager.remove(current.id, { force: true });
    return c.body(null, 204);
  });

  addRoute(app, BASE, ops.logs, async (c, { id, query: q, manager }) => {
    if (q.stdout === false && q.stderr === false) {
      throw ValidationError.field('stdout', 'stdout and stderr cannot both be false');
    }
    const sse = wantsEventStream(c.req.raw);
    const resumeAfter = sse ? resumePoint(c.req.raw) : undefined;
    const options: LogOptions = {
      follow: q.follow ?? sse,
      // An SSE event's id is built from its line's timestamp, so SSE always asks the engine for them.
      timestamps: sse || (q.timestamps ?? false),
      stdout: q.stdout ?? true,
      stderr: q.stderr ?? true,
      // Resuming replaces tail and since: the lines after the last one the client saw.
      ...(resumeAfter ? { since: new Date(Number(resumeAfter.nanos / 1_000_000n)) } : {
        ...(q.tail === undefined ? {} : { tail: q.tail }),
        ...(q.since === undefined ? {} : { since: q.since }),
      }),
    };
    // Resolve the container before answering, so an unknown one is a 404 and not a 200 stream
    // that ends at once.
    const container = await manager.inspect(id);
    const showTimestamps = q.timestamps ?? false;
    return streamLines<PositionedLine>({
      request: c.req.raw,
      sse,
      live: options.follow === true,
      title: 'mikrocloud log stream',
      shutdownSignal,
      open: (signal) => positionedLines(manager.logs(container.id, { ...options, signal }), resumeAfter),
      toText: ({ entry }) => `${showTimestamps && entry.timestamp ? `${entry.timestamp} ` : ''}${entry.line}`,
      toEvent: ({ entry, id: eventId }) => {
        const { timestamp: _stamp, ...unstamped } = entry;
        return { ...(eventId ? { id: eventId } : {}), data: showTimestamps ? entry : unstamped };
      },
      onError: (err) => logger.warn('log stream failed', { container: container.id, error: err instanceof Error ? err.message : String(err) }),
    });
  });

  return app;
}

/**
 * Where a reconnecting SSE client left off: its `Last-Event-ID` names the last line it received
 * (`<timestamp>#<n>`, see {@link positionedLines}).
 */
function resumePoint(request: Request): LogPosition | undefined {
  const id = lastEventId(request);
  if (id === undefined) return undefined;
  const position = parseLogPosition(id);
  if (!position) throw ValidationError.field('Last-Event-ID', 'must be the id of an event of this stream (<RFC 3339 timestamp>#<n>)');
  return position;
}
