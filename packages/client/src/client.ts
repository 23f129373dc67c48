import { RuntimeError, RuntimeUnavailableError, TimeoutError } from '@mikrocloud/core/errors';
import { combineSignals, createTransport, segment, type CallOptions, type ClientOptions, type Transport } from './http.js';
import { containersApi, type ContainersApi } from './containers.js';
import { eventData, eventStream, ResultStream, sleep } from './streams.js';
import type {
  BuildListQuery,
  BuildLogLine,
  BuildRecord,
  BuildRequest,
  BuildStatus,
  EngineEvent,
  EventQuery,
  HealthResponse,
  ImageInfo,
  ImagePruneResult,
  NetworkConnection,
  NetworkInfo,
  NetworkSpec,
  PlanResponse,
  PruneResult,
  PullProgress,
  PullRequest,
  PushRequest,
  RuntimeInfoResponse,
  VolumeInfo,
  VolumeSpec,
} from './types.js';

/** A pull or push: its progress as it happens, and the result once the transfer is done. */
export type TransferStream<R> = ResultStream<PullProgress, R>;

export interface VolumesApi {
  list(options?: CallOptions): Promise<VolumeInfo[]>;
  get(name: string, options?: CallOptions): Promise<VolumeInfo>;
  create(spec: VolumeSpec, options?: CallOptions): Promise<VolumeInfo>;
  /** `force` removes a volume that containers still use. */
  remove(name: string, options?: CallOptions & { force?: boolean | undefined }): Promise<void>;
  /** Removes the managed volumes no container uses; `dryRun` only lists them. */
  prune(options?: CallOptions & { dryRun?: boolean | undefined }): Promise<PruneResult>;
}

export interface NetworksApi {
  list(options?: CallOptions): Promise<NetworkInfo[]>;
  get(name: string, options?: CallOptions): Promise<NetworkInfo>;
  create(spec: NetworkSpec, options?: CallOptions): Promise<NetworkInfo>;
  remove(name: string, options?: CallOptions): Promise<void>;
  connect(name: string, connection: NetworkConnection, options?: CallOptions): Promise<void>;
  disconnect(name: string, connection: NetworkConnection, options?: CallOptions): Promise<void>;
}

export interface ImagesApi {
  list(options?: CallOptions): Promise<ImageInfo[]>;
  /** Removes unused images this server built or pulled; `dryRun` only lists them. */
  prune(options?: CallOptions & { dryRun?: boolean | undefined }): Promise<ImagePruneResult>;
  /** Pulls an image: iterate for progress; `result` is the image. */
  pull(request: PullRequest, options?: CallOptions): TransferStream<ImageInfo>;
  /** Pushes an image this server built: iterate for progress; `result` is `{image}`. */
  push(ref: string, request?: PushRequest, options?: CallOptions): TransferStream<{ image: string }>;
}

export interface BuildLogOptions extends CallOptions {
  /** Stay open for live lines until the build ends (default true); reconnects with `Last-Event-ID` when the connection drops. */
  follow?: boolean | undefined;
  /** Resume after this line number (a {@link BuildLogLine}'s `number`). */
  lastEventId?: string | undefined;
}

export interface BuildWaitOptions extends CallOptions {
  /** Give up after this many milliseconds with a `TimeoutError` (`timed_out`); the build goes on. */
  timeoutMs?: number | undefined;
}

export interface BuildsApi {
  /** Submits a build (`POST /api/v1/images/build`): the `queued` record, at once. */
  create(request: BuildRequest, options?: CallOptions): Promise<BuildRecord>;
  /** The buildpack's plan for a request, without building. */
  plan(request: BuildRequest, options?: CallOptions): Promise<PlanResponse>;
  list(query?: BuildListQuery, options?: CallOptions): Promise<BuildRecord[]>;
  get(id: string, options?: CallOptions): Promise<BuildRecord>;
  /** A build's log lines; see {@link BuildLogOptions}. */
  logs(id: string, options?: BuildLogOptions): AsyncIterable<BuildLogLine>;
  /** Stops a running or queued build: the `cancelled` record. */
  cancel(id: string, options?: CallOptions): Promise<BuildRecord>;
  /** Resolves with the record once the build reached a final status (succeeded, failed, cancelled, timed_out). */
  wait(id: string, options?: BuildWaitOptions): Promise<BuildRecord>;
}

/** A typed client of one mikrocloud server's REST API. */
export interface MikrocloudClient {
  /** `GET /health`: whether the server's engine answers. */
  health(options?: CallOptions): Promise<HealthResponse>;
  /** The engine's report plus the server's settings. */
  runtimeInfo(options?: CallOptions): Promise<RuntimeInfoResponse>;
  containers: ContainersApi;
  volumes: VolumesApi;
  networks: NetworksApi;
  images: ImagesApi;
  builds: BuildsApi;
  /** Engine events of the objects the server manages, live; reconnects with `Last-Event-ID`. */
  events(query?: EventQuery, options?: CallOptions & { lastEventId?: string | undefined }): AsyncIterable<EngineEvent>;
  /** The server's OpenAPI document. */
  openapi(options?: CallOptions): Promise<Record<string, unknown>>;
}

/** The statuses a build ends in. */
export const FINAL_BUILD_STATUSES: readonly BuildStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];

/**
 * A client of a mikrocloud server (`mikrocloud serve`). Every error answer becomes the SDK's error
 * class for its code (`ValidationError` with per-field `details`, `NotFoundError`, ...); an
 * unreachable server is a `RuntimeUnavailableError`; an aborted signal a `CancelledError`, or a
 * `TimeoutError` (`timed_out`) for `AbortSignal.timeout()`. Uses `fetch`: browsers and Node 20+.
 *
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:8080', token: process.env.MIKROCLOUD_TOKEN });
 * const web = await client.containers.create({ name: 'web', image: 'nginx:alpine' });
 * await client.containers.start(web.id);
 * for await (const line of client.containers.logs(web.id, { follow: true })) console.log(line.line);
 */
export function createClient(options: ClientOptions): MikrocloudClient {
  const http = createTransport(options);
  const clientSignal = options.signal;
  const call = (o: CallOptions | undefined) => ({ signal: o?.signal });
  const builds = buildsApi(http, clientSignal);
  return {
    health: (o) => http.json('GET', '/health', call(o)),
    runtimeInfo: (o) => http.json('GET', '/api/v1/runtime/info', call(o)),
    openapi: (o) => http.json('GET', '/api/v1/openapi.json', call(o)),
    containers: containersApi(http, clientSignal),
    volumes: {
      list: (o) => http.json('GET', '/api/v1/volumes', call(o)),
      get: async (name, o) => http.json('GET', `/api/v1/volumes/${segment(name, 'name')}`, call(o)),
      create: (spec, o) => http.json('POST', '/api/v1/volumes', { ...call(o), body: spec }),
      remove: async (name, o) => http.json('DELETE', `/api/v1/volumes/${segment(name, 'name')}`, { ...call(o), query: { force: o?.force } }),
      prune: (o) => http.json('POST', '/api/v1/volumes/prune', { ...call(o), query: { dry_run: o?.dryRun } }),
    },
    networks: {
      list: (o) => http.json('GET', '/api/v1/networks', call(o)),
      get: async (name, o) => http.json('GET', `/api/v1/networks/${segment(name, 'name')}`, call(o)),
      create: (spec, o) => http.json('POST', '/api/v1/networks', { ...call(o), body: spec }),
      remove: async (name, o) => http.json('DELETE', `/api/v1/networks/${segment(name, 'name')}`, call(o)),
      connect: async (name, connection, o) => http.json('POST', `/api/v1/networks/${segment(name, 'name')}/connect`, { ...call(o), body: connection }),
      disconnect: async (name, connection, o) => http.json('POST', `/api/v1/networks/${segment(name, 'name')}/disconnect`, { ...call(o), body: connection }),
    },
    images: {
      list: (o) => http.json('GET', '/api/v1/images', call(o)),
      prune: (o) => http.json('POST', '/api/v1/images/prune', { ...call(o), query: { dry_run: o?.dryRun } }),
      pull: (request, o) => transfer<ImageInfo>(http, () => '/api/v1/images/pull', request, o, clientSignal),
      push: (ref, request, o) => transfer<{ image: string }>(http, () => `/api/v1/images/push/${segment(ref, 'ref')}`, request ?? {}, o, clientSignal),
    },
    builds,
    events: (query, o) => engineEvents(http, query, o, clientSignal),
  };
}

function transfer<R>(http: Transport, path: () => string, body: unknown, o: CallOptions | undefined, clientSignal: AbortSignal | undefined): TransferStream<R> {
  return new ResultStream<PullProgress, R>(
    () => eventStream(http, { method: 'POST', path: path(), body, signal: o?.signal, reconnect: false, terminal: ['done'] }, clientSignal),
    (event) => {
      if (event.event === 'progress') return { item: eventData<PullProgress>(event) };
      if (event.event === 'done') return { result: eventData<R>(event) };
      return undefined;
    },
    () => {
      throw new RuntimeUnavailableError('the server closed the transfer stream before the transfer was done');
    },
  );
}

async function* engineEvents(
  http: Transport,
  query: EventQuery | undefined,
  o: (CallOptions & { lastEventId?: string | undefined }) | undefined,
  clientSignal: AbortSignal | undefined,
): AsyncGenerator<EngineEvent> {
  const stream = eventStream(
    http,
    {
      path: '/api/v1/events',
      query: { since: query?.since, until: query?.until, types: query?.types, actions: query?.actions },
      signal: o?.signal,
      lastEventId: o?.lastEventId,
      reconnect: true,
      terminal: ['end'],
    },
    clientSignal,
  );
  for await (const event of stream) if (event.event !== 'end') yield eventData<EngineEvent>(event);
}

/** A build-log event's id: its line number. */
function lineNumber(id: string): number {
  if (!/^[0-9]{1,15}$/.test(id)) throw new RuntimeError(`the server sent a build-log line whose id ${JSON.stringify(id.slice(0, 40))} is not a line number`);
  return Number(id);
}

function buildsApi(http: Transport, clientSignal: AbortSignal | undefined): BuildsApi {
  const base = '/api/v1/images';
  const get = async (id: string, o?: CallOptions) => http.json<BuildRecord>('GET', `${base}/builds/${segment(id, 'id')}`, { signal: o?.signal });
  async function* logs(id: string, o: BuildLogOptions = {}): AsyncGenerator<BuildLogLine> {
    const follow = o.follow ?? true;
    const stream = eventStream(
      http,
      {
        path: `${base}/builds/${segment(id, 'id')}/logs`,
        query: { follow },
        signal: o.signal,
        lastEventId: o.lastEventId,
        reconnect: follow,
        terminal: ['end'],
      },
      clientSignal,
    );
    for await (const event of stream) {
      if (event.event !== 'message') continue;
      yield { number: lineNumber(event.id), line: eventData<{ line: string }>(event).line };
    }
  }
  return {
    create: (request, o) => http.json('POST', `${base}/build`, { signal: o?.signal, body: request }),
    plan: (request, o) => http.json('POST', `${base}/plan`, { signal: o?.signal, body: request }),
    list: (query, o) => http.json('GET', `${base}/builds`, { signal: o?.signal, query: { status: query?.status, limit: query?.limit } }),
    get,
    logs,
    cancel: async (id, o) => http.json('POST', `${base}/builds/${segment(id, 'id')}/cancel`, { signal: o?.signal }),
    async wait(id, o = {}) {
      const timeout = o.timeoutMs === undefined ? undefined : AbortSignal.timeout(o.timeoutMs);
      const waitSignal = combineSignals(o.signal, timeout);
      const callOptions = waitSignal ? { signal: waitSignal } : {};
      try {
        let after: string | undefined;
        for (let round = 0; ; round++) {
          const record = await get(id, callOptions);
          if (FINAL_BUILD_STATUSES.includes(record.status)) return record;
          // A record a moment behind its log's end: ask again shortly rather than at once.
          if (round > 0) await sleep(250, waitSignal);
          // The followed log ends when the build does; lines already seen are not sent again.
          for await (const line of logs(id, { ...callOptions, follow: true, ...(after ? { lastEventId: after } : {}) })) after = String(line.number);
        }
      } catch (err) {
        if (timeout?.aborted && !o.signal?.aborted) {
          throw new TimeoutError(`build ${id} did not end within ${o.timeoutMs} ms (it goes on; cancel it with builds.cancel)`, { cause: err });
        }
        throw err;
      }
    },
  };
}
