import { ValidationError, checkEventsOptions, type EngineEvent, type EventsOptions } from '@mikrocloud/core';
import { Hono } from 'hono';
import type { Logger } from '../logger.js';
import { addRoute } from '../route-registry.js';
import { eventOperations } from './events-operations.js';
import { lastEventId, streamLines } from './log-response.js';

/** Options of {@link eventRoutes}. */
export interface EventRoutesOptions {
  logger: Logger;
  /** Aborted when the server shuts down: open streams then end with `event: end`. */
  shutdownSignal?: AbortSignal;
}

const BASE = '/api/v1/events';

/** `GET /api/v1/events`: the manager's events as server-sent events, resumable with `Last-Event-ID`. */
export function eventRoutes({ logger, shutdownSignal }: EventRoutesOptions): Hono {
  const app = new Hono();
  addRoute(app, BASE, eventOperations.stream, (c, { query: q, manager }) => {
    const after = lastEventId(c.req.raw);
    if (after !== undefined && !/^[0-9]{1,20}$/.test(after)) {
      throw ValidationError.field('Last-Event-ID', 'must be the id of an event of this stream (its time_nano)');
    }
    const options: EventsOptions = {
      ...(q.since === undefined ? {} : { since: q.since }),
      ...(q.until === undefined ? {} : { until: q.until }),
      ...(after === undefined ? {} : { after }),
      ...(q.types?.length ? { types: q.types.flat() } : {}),
      ...(q.actions?.length ? { actions: q.actions.flat() } : {}),
    };
    // Checked before answering, so a bad option is a 400 rather than a stream that fails.
    checkEventsOptions(options);
    return streamLines<EngineEvent>({
      request: c.req.raw,
      sse: true,
      live: true,
      title: 'mikrocloud events',
      shutdownSignal,
      open: (signal) => manager.events({ ...options, signal }),
      toText: (event) => JSON.stringify(event),
      toEvent: (event) => ({ id: event.time_nano, event: event.type, data: event }),
      onError: (err) => logger.warn('event stream failed', { error: err instanceof Error ? err.message : String(err) }),
    });
  });
  return app;
}
