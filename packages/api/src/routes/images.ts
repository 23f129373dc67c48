import { BUILD_ID_PATTERN, BUILD_STATUSES, type BuildRecord, type BuildService, type BuildStatus } from '@mikrocloud/buildpacks';
import { ValidationError } from '@mikrocloud/core';
import { Hono, type Context } from 'hono';
import { readJson } from '../body.js';
import { booleanParam, integerParam, parseQuery, type QueryParam } from '../query.js';
import { logResponse, openEventStream } from './log-response.js';

/** Options of {@link imageRoutes}. */
export interface ImageRoutesOptions {
  /** Aborted when the server shuts down: open log streams then end with `event: end`. */
  shutdownSignal?: AbortSignal;
}

const STATUSES: readonly BuildStatus[] = BUILD_STATUSES;
const buildIdPattern = new RegExp(BUILD_ID_PATTERN);

const statusParam: QueryParam<BuildStatus> = {
  parse: (raw) => ((STATUSES as readonly string[]).includes(raw) ? { value: raw as BuildStatus } : { error: `must be one of ${STATUSES.join(', ')}` }),
};

function buildIdParam(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!buildIdPattern.test(id)) throw ValidationError.field('id', 'is not a valid build id');
  return id;
}

function wantsEventStream(c: Context): boolean {
  return (c.req.header('accept') ?? '').toLowerCase().includes('text/event-stream');
}

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

  app.post('/build', async (c) => {
    const q = parseQuery(c, { wait: booleanParam });
    const record = await service.submit(await readJson(c));
    c.header('Location', `/api/v1/images/builds/${encodeURIComponent(record.id)}`);
    if (q.wait) return c.json(await service.waitFor(record.id, c.req.raw.signal), 200);
    return c.json(record, 202);
  });

  app.post('/plan', async (c) => {
    parseQuery(c, {});
    return c.json(await service.plan(await readJson(c), c.req.raw.signal));
  });

  app.get('/builds', (c) => {
    const q = parseQuery(c, { status: statusParam, limit: integerParam(1, 10_000) });
    return c.json(service.list({ ...(q.status ? { status: q.status } : {}), ...(q.limit ? { limit: q.limit } : {}) }));
  });

  app.get('/builds/:id', (c) => {
    const id = buildIdParam(c);
    parseQuery(c, {});
    return c.json(service.get(id));
  });

  app.post('/builds/:id/cancel', async (c) => {
    const id = buildIdParam(c);
    parseQuery(c, {});
    return c.json(await service.cancel(id));
  });

  app.get('/builds/:id/logs', (c) => {
    const id = buildIdParam(c);
    const q = parseQuery(c, { follow: booleanParam });
    service.get(id); // 404 before a 200 stream starts
    const sse = wantsEventStream(c);
    return streamBuildLog(c, service, id, sse, q.follow ?? sse, options.shutdownSignal);
  });

  return app;
}

/** Streams a build's log: stored lines, then (when following) live ones until the build ends. */
function streamBuildLog(c: Context, service: BuildService, id: string, sse: boolean, follow: boolean, shutdownSignal?: AbortSignal): Response {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  c.req.raw.signal.addEventListener('abort', onAbort, { once: true });
  shutdownSignal?.addEventListener('abort', onAbort, { once: true });
  if (shutdownSignal?.aborted) stop.abort();
  const lines: AsyncIterator<string> = follow
    ? service.followLogs(id, stop.signal)[Symbol.asyncIterator]()
    : (async function* () {
        yield* service.readLogs(id);
      })();
  let heartbeat: NodeJS.Timeout | undefined;
  let finished = false;
  const cleanup = () => {
    if (finished) return;
    finished = true;
    if (heartbeat) clearInterval(heartbeat);
    c.req.raw.signal.removeEventListener('abort', onAbort);
    shutdownSignal?.removeEventListener('abort', onAbort);
    stop.abort();
    void Promise.resolve(lines.return?.()).catch(() => {});
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (sse) heartbeat = openEventStream(controller, 'mikrocloud build log', () => !finished);
    },
    async pull(controller) {
      // Stored lines go out in batches (a log can hold millions); live ones as soon as they come.
      let chunk = '';
      let done = false;
      for (;;) {
        const next = await lines.next();
        if (finished) return;
        if (next.done) {
          done = true;
          break;
        }
        chunk += sse ? `data: ${JSON.stringify({ line: next.value })}\n\n` : `${next.value}\n`;
        if (follow || chunk.length >= 64 * 1024) break;
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (!done) return;
      if (sse) {
        let record: BuildRecord | undefined;
        try {
          record = service.get(id);
        } catch {
          record = undefined;
        }
        controller.enqueue(encoder.encode(`event: end\ndata: ${JSON.stringify({ status: record?.status ?? null, error: record?.error ?? null })}\n\n`));
      }
      cleanup();
      controller.close();
    },
    cancel() {
      cleanup();
    },
  });
  return logResponse(body, sse);
}
