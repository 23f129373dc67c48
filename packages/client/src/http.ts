import { RuntimeError, ValidationError } from '@mikrocloud/core/errors';
import { errorFromBody, transportError } from './errors.js';

/** How a client reaches its server. */
export interface ClientOptions {
  /** The server's address, e.g. `http://127.0.0.1:8080` (a path prefix is kept: `https://host/mikrocloud`). */
  baseUrl: string;
  /** A bearer token (`[server] token` or one of `[[tokens]]`); sent as `Authorization: Bearer ...`. */
  token?: string | undefined;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Aborts every request of this client (each call may add its own signal too). */
  signal?: AbortSignal | undefined;
}

/** A call's own signal (joined with the client's). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Query values; arrays repeat the parameter, `undefined` leaves it out. */
export type QueryValues = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestOptions {
  query?: QueryValues;
  body?: unknown;
  signal?: AbortSignal | undefined;
  accept?: string;
  headers?: Record<string, string>;
}

/** The transport every call goes through: URLs, auth, JSON, error mapping, signals. */
export interface Transport {
  /** Sends a request; answers the response of a 2xx, throws the SDK's error for anything else. */
  send(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** {@link send}, then the JSON body (`undefined` for 204). */
  json<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

/** Joins the client's signal and a call's; `undefined` when there is none. */
export function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function queryString(query: QueryValues | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Encodes one path segment (ids, names, image references with `/` and `:`). An empty value, `.` or
 * `..` is a `ValidationError` naming `parameter`: URL normalisation would otherwise turn
 * `builds/../cancel` into another route.
 */
export function segment(value: string, parameter: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw ValidationError.field(parameter, value === '' ? 'must not be empty' : `must not be ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(value);
}

/** The most of an error answer's body the client reads (1 MiB): the rest is never fetched. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** A body's text, at most `limit` bytes of it; the rest of the body is cancelled. */
export async function readLimitedText(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let read = 0;
  try {
    while (read < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const part = value.byteLength > limit - read ? value.subarray(0, limit - read) : value;
      read += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    return text + decoder.decode();
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

export function createTransport(options: ClientOptions): Transport {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`baseUrl must be an http(s) URL, not ${base.protocol}`);
  const prefix = base.pathname.replace(/\/+$/, '');
  // The origin only: credentials in the URL never reach a message.
  const where = `${base.origin}${prefix}`;
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  const send = async (method: string, path: string, request: RequestOptions = {}): Promise<Response> => {
    const signal = combineSignals(options.signal, request.signal);
    const headers: Record<string, string> = { ...options.headers, ...request.headers, accept: request.accept ?? 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const url = `${base.origin}${prefix}${path}${queryString(request.query)}`;
    let response: Response;
    try {
      signal?.throwIfAborted();
      response = await fetchImpl(url, { method, headers, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) });
    } catch (err) {
      throw transportError(err, signal, where);
    }
    if (response.ok) return response;
    const text = await readLimitedText(response, MAX_ERROR_BODY_BYTES).catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    throw errorFromBody(response.status, parsed, {
      requestId: response.headers.get('x-request-id'),
      retryAfter: response.headers.get('retry-after'),
    });
  };

  return {
    send,
    async json<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const response = await send(method, path, request);
      if (response.status === 204) return undefined as T;
      const signal = combineSignals(options.signal, request.signal);
      let text: string;
      try {
        text = await response.text();
      } catch (err) {
        throw transportError(err, signal, where);
      }
      try {
        return JSON.parse(text) as T;
      } catch (err) {
        throw new RuntimeError(`the server's answer to ${method} ${path} was not JSON`, { cause: err });
      }
    },
  };
}
