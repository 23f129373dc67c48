import type { BuildRecord, BuildService } from '@mikrocloud/buildpacks';
import { ValidationError } from '@mikrocloud/core';
import { Hono } from 'hono';
import { readJson } from '../body.js';
import { addRoute } from '../route-registry.js';
import { imageOperations } from './images-openapi.js';
import { lastEventId, streamLines, wantsEventStream } from './log-response.js';

/** Options of {@link imageRoutes}. */
export interface ImageRoutesOptions {
  /** Aborted when the server shuts down: open log streams then end with `event: end`. */
  shutdownSignal?: AbortSignal;
}

const BASE = '/api/v1/images';
const ops = imageOperations;

/**
 * The image-build routes, relative to `/api/v1/images`: submit a build, list and read build
 * records, read or follow a build's log (text or server-sent events), cancel a build. Errors are
 * thrown as mikrocloud errors and mapped by the app's error handler.
 *
 * @example
 * const app = createApp({ manager, config, mounts: { '/api/v1/images': imageRoutes(buildService) } });
 */
export function imageRoutes(service: BuildService, options: ImageRoutesOptions = {}): Hono {
  const app = new Hono();

  addRoute(app, BASE, ops.build, async (c, { query }) => {
    const record = await service.submit(await readJson(c));
    c.header('Location', `/api/v1/images/builds/${encodeURIComponent(record.id)}`);
    if (query.wait) return c.json(await service.waitFor(record.id, c.req.raw.signal), 200);
    return c.json(record, 202);
  });

  addRoute(app, BASE, ops.plan, async (c) => c.json(await service.plan(await readJson(c), c.req.raw.signal)));

  addRoute(app, BASE, ops.list, (c, { query }) =>
    c.json(service.list({ ...(query.status ? { status: query.status } : {}), ...(query.limit ? { limit: query.limit } : {}) })),
  );

  addRoute(app, BASE, ops.get, (c, { id }) => c.json(service.get(id)));
  addRoute(app, BASE, ops.cancel, async (c, { id }) => c.json(await service.cancel(id)));

  addRoute(app, BASE, ops.logs, (c, { id, query }) => {
    service.get(id); // 404 before a 200 stream starts
    return streamBuildLog(c.req.raw, service, id, query.follow ?? wantsEventStream(c.req.raw), options.shutdownSignal);
  });

  return app;
}

/**
 * Where a reconnecting SSE client left off: its `Last-Event-ID` is the line number (1-based) of
 * the last build-log line it received; the stream resumes after it.
 */
function resumeAfterLine(request: Request): number {
  const id = lastEventId(request);
  if (id === undefined) return 0;
  if (!/^[0-9]{1,15}$/.test(id)) throw ValidationError.field('Last-Event-ID', 'must be the id of an event of this stream (a line number)');
  return Number(id);
}

interface NumberedLine {
  number: number;
  text: string;
}

/** The lines of a build log numbered from 1, without the first `skip`. */
async function* numbered(lines: AsyncIterable<string> | Iterable<string>, skip: number): AsyncGenerator<NumberedLine> {
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (number > skip) yield { number, text };
  }
}

/** Streams a build's log: stored lines, then (when following) live ones until the build ends. */
function streamBuildLog(request: Request, service: BuildService, id: string, follow: boolean, shutdownSignal?: AbortSignal): Response {
  const sse = wantsEventStream(request);
  const skip = sse ? resumeAfterLine(request) : 0;
  return streamLines<NumberedLine>({
    request,
    sse,
    live: follow,
    title: 'mikrocloud build log',
    shutdownSignal,
    open: (signal) => numbered(follow ? service.followLogs(id, signal) : service.readLogs(id), skip),
    toText: (line) => line.text,
    toEvent: (line) => ({ id: String(line.number), data: { line: line.text } }),
    endData: () => {
      let record: BuildRecord | undefined;
      try {
        record = service.get(id);
      } catch {
        record = undefined;
      }
      return { status: record?.status ?? null, error: record?.error ?? null };
    },
  });
}
