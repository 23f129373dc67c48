import { segment, type CallOptions, type Transport } from './http.js';
import { eventData, eventStream, ResultStream } from './streams.js';
import type { ContainerConfig, ContainerDetails, ContainerInfo, ContainerListQuery, ExecRequest, ExecResult, LogLine, WaitRequest, WaitResult } from './types.js';

export interface ContainerLogOptions extends CallOptions {
  /** Stay open for new lines (default false); a followed stream reconnects with `Last-Event-ID` when the connection drops. */
  follow?: boolean | undefined;
  /** Only the last N lines. */
  tail?: number | undefined;
  /** Only lines at or after this time: UNIX seconds or ISO 8601. */
  since?: string | undefined;
  /** Prefix lines with the engine's timestamp (`LogLine.timestamp`). */
  timestamps?: boolean | undefined;
  /** Include standard output (default true). */
  stdout?: boolean | undefined;
  /** Include standard error (default true). */
  stderr?: boolean | undefined;
  /** Resume after the line with this SSE id. */
  lastEventId?: string | undefined;
}

export interface ContainerWaitOptions extends CallOptions {
  /** `exited` (default), `healthy` or `removed`. */
  condition?: WaitRequest['condition'] | undefined;
  /** Seconds the server waits at most (then a `TimeoutError`, `timed_out`). */
  timeout?: number | undefined;
}

/** An exec's output lines as they come; `exitCode` settles when the command ended (`null`: the stream closed first). */
export interface ExecStream extends AsyncIterable<LogLine> {
  readonly exitCode: Promise<number | null>;
}

/** One item of an exec stream. */
export type ExecEvent = LogLine;

export interface ContainersApi {
  list(query?: ContainerListQuery, options?: CallOptions): Promise<ContainerInfo[]>;
  get(id: string, options?: CallOptions): Promise<ContainerDetails>;
  /** Creates a container (not started). */
  create(config: ContainerConfig, options?: CallOptions): Promise<ContainerDetails>;
  start(id: string, options?: CallOptions): Promise<ContainerDetails>;
  /** `timeout`: seconds before the engine kills it. */
  stop(id: string, options?: CallOptions & { timeout?: number | undefined }): Promise<ContainerDetails>;
  restart(id: string, options?: CallOptions & { timeout?: number | undefined }): Promise<ContainerDetails>;
  /** Removes a container, stopping it first when it runs (`timeout`: seconds for that stop). */
  remove(id: string, options?: CallOptions & { timeout?: number | undefined }): Promise<void>;
  /** The container's output as server-sent events; see {@link ContainerLogOptions}. */
  logs(id: string, options?: ContainerLogOptions): AsyncIterable<LogLine>;
  /** Runs a command (argv, no terminal) and streams its output. */
  exec(id: string, request: ExecRequest, options?: CallOptions): ExecStream;
  /** Runs a command to its end and answers its exit code and output (capped by the server). */
  execResult(id: string, request: ExecRequest, options?: CallOptions): Promise<ExecResult>;
  /** Waits until the container exited (default), turned healthy or was removed. */
  wait(id: string, options?: ContainerWaitOptions): Promise<WaitResult>;
}

class ExecOutput extends ResultStream<LogLine, number | null> implements ExecStream {
  get exitCode(): Promise<number | null> {
    return this.result;
  }
}

export function containersApi(http: Transport, clientSignal: AbortSignal | undefined): ContainersApi {
  const base = '/api/v1/containers';
  const path = (id: string, action = '') => `${base}/${segment(id, 'id')}${action}`;
  async function* logs(id: string, o: ContainerLogOptions = {}): AsyncGenerator<LogLine> {
    const follow = o.follow ?? false;
    const stream = eventStream(
      http,
      {
        path: path(id, '/logs'),
        query: { follow, tail: o.tail, since: o.since, timestamps: o.timestamps, stdout: o.stdout, stderr: o.stderr },
        signal: o.signal,
        lastEventId: o.lastEventId,
        reconnect: follow,
        terminal: ['end'],
      },
      clientSignal,
    );
    for await (const event of stream) if (event.event === 'message') yield eventData<LogLine>(event);
  }
  return {
    list: (query, o) => http.json('GET', base, { signal: o?.signal, query: { all: query?.all, label: query?.label } }),
    get: async (id, o) => http.json('GET', path(id), { signal: o?.signal }),
    create: (config, o) => http.json('POST', base, { signal: o?.signal, body: config }),
    start: async (id, o) => http.json('POST', path(id, '/start'), { signal: o?.signal }),
    stop: async (id, o) => http.json('POST', path(id, '/stop'), { signal: o?.signal, query: { timeout: o?.timeout } }),
    restart: async (id, o) => http.json('POST', path(id, '/restart'), { signal: o?.signal, query: { timeout: o?.timeout } }),
    remove: async (id, o) => http.json('DELETE', path(id), { signal: o?.signal, query: { timeout: o?.timeout } }),
    logs,
    exec: (id, request, o) =>
      new ExecOutput(
        () => eventStream(http, { method: 'POST', path: path(id, '/exec'), body: request, signal: o?.signal, reconnect: false, terminal: ['exit'] }, clientSignal),
        (event) => {
          if (event.event === 'line') return { item: eventData<LogLine>(event) };
          if (event.event === 'exit') return { result: eventData<{ exit_code: number | null }>(event).exit_code };
          return undefined;
        },
        () => null,
      ),
    execResult: async (id, request, o) => http.json('POST', path(id, '/exec'), { signal: o?.signal, body: request }),
    wait: async (id, o) =>
      http.json('POST', path(id, '/wait'), {
        signal: o?.signal,
        body: { ...(o?.condition === undefined ? {} : { condition: o.condition }), ...(o?.timeout === undefined ? {} : { timeout_seconds: o.timeout }) },
      }),
  };
}
