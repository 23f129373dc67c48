import type http from 'node:http';
import type { Readable } from 'node:stream';
import { createDialer, type EngineDialer } from './dialer.js';

/** A query string value; arrays repeat the key, `undefined` drops it. */
export type QueryValue = string | number | boolean | string[] | undefined;

/** One request to an engine's HTTP API. */
export interface EngineRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';
  /** Path without the version prefix, e.g. `/containers/json`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** A JSON body, or a stream sent as-is (with `contentType`). */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Skip the `/vX.Y` prefix (used for the version probe itself). */
  unversioned?: boolean;
  /** Extra request headers (`X-Registry-Auth`). */
  headers?: Record<string, string>;
}

/** An answer the engine gave with a non-2xx status. `message` is the engine's own text. */
export class EngineHttpError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'EngineHttpError';
    this.statusCode = statusCode;
  }
}

/** Builds `?a=1&t=x&t=y` from a record, dropping undefined values. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Reads the whole (small) body of a response as text. */
export async function readText(res: Readable, limit = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new Error(`engine answer larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The message of an engine error body (`{"message": ...}`), or the raw text. */
export function engineMessage(text: string): string {
  const trimmed = text.trim();
  try {
    const json = JSON.parse(trimmed) as { message?: unknown; cause?: unknown };
    if (json && typeof json.message === 'string') return json.message;
  } catch {
    // Not JSON: older engines and proxies answer plain text.
  }
  return trimmed;
}

/** A kept-open connection found closed: safe to send again for reads, and when the request could not even be written. */
function isStaleConnection(err: unknown, method: string): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EPIPE') return true;
  return code === 'ECONNRESET' && (method === 'GET' || method === 'HEAD');
}

/**
 * Opens one request through a dialer (a unix socket path stands for that socket's dialer). Local
 * sockets and plain TCP open a fresh connection per request; TLS and ssh keep theirs open.
 * Resolves with the response once the status is known;
 * a non-2xx status (except 304) rejects with an {@link EngineHttpError} carrying the engine's
 * message. The caller owns the returned stream and must consume or destroy it.
 */
export function openEngineRequest(
  target: string | EngineDialer,
  versionPrefix: string,
  req: EngineRequest,
): Promise<http.IncomingMessage> {
  const dialer = typeof target === 'string' ? createDialer({ kind: 'unix', socketPath: target }) : target;
  return new Promise((resolve, reject) => {
    const path = `${req.unversioned ? '' : versionPrefix}${req.path}${buildQuery(req.query)}`;
    const headers: Record<string, string> = { ...req.headers, Host: 'engine' };
    let payload: Buffer | undefined;
    let upload: Readable | undefined;
    if (req.body !== undefined && req.body !== null) {
      if (typeof (req.body as Readable).pipe === 'function') {
        upload = req.body as Readable;
        headers['Content-Type'] = req.contentType ?? 'application/octet-stream';
      } else {
        payload = Buffer.from(JSON.stringify(req.body));
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(payload.length);
      }
    }
    const options: http.RequestOptions = { path, method: req.method, headers };
    if (req.signal) options.signal = req.signal;
    let settled = false;
    const send = (retry: boolean): http.ClientRequest => {
      const request = dialer.request(options);
      request.on('error', (err) => {
        if (settled) return;
        // A kept-open connection the engine closed meanwhile (a restart): a read, or a request
        // whose writing already failed, goes once more on a new connection. Nothing else is
        // replayed (the engine may have acted on it), nor an upload stream.
        if (retry && request.reusedSocket && !upload && !req.signal?.aborted && isStaleConnection(err, req.method)) {
          send(false).end(payload);
          return;
        }
        settled = true;
        reject(err);
      });
      request.on('response', (res) => {
        settled = true;
        const status = res.statusCode ?? 0;
        if ((status >= 200 && status < 300) || status === 304) {
          resolve(res);
          return;
        }
        readText(res).then(
          (text) => reject(new EngineHttpError(status, engineMessage(text) || `HTTP ${status}`)),
          (err: unknown) => reject(err),
        );
      });
      return request;
    };
    const request = send(true);
    if (upload) {
      upload.on('error', (err) => request.destroy(err));
      upload.pipe(request);
    } else {
      request.end(payload);
    }
  });
}
