import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { silentLogger, type Logger } from './logger.js';

export interface StartServerOptions {
  // Any Hono app: only its `fetch` is used.
  app: Pick<Hono<any, any, any>, 'fetch'>;
  host: string;
  /** 0 picks a free port; see {@link RunningServer.port}. */
  port: number;
  /** How long {@link RunningServer.close} waits for in-flight requests before cutting them. Default 10 s. */
  shutdownTimeoutMs?: number;
  /**
   * Called first thing on close, before waiting: abort the signal given to `createApp` here so
   * log streams (which never finish on their own) end at once instead of holding the shutdown.
   */
  onClose?: () => void;
  logger?: Logger;
  /**
   * A client must send its request headers within this time, else it gets 408 and the connection
   * is closed (`server.headers_timeout_seconds`). Default: Node's (60 s). At most `requestTimeoutMs`.
   */
  headersTimeoutMs?: number;
  /**
   * A client must send its whole request, headers and body, within this time
   * (`server.request_timeout_seconds`). It ends once the request is in: a long answer such as a
   * log stream is not cut by it. Default: Node's (300 s).
   */
  requestTimeoutMs?: number;
}

/** Node's server options for the timeouts; expired connections are looked for four times per shortest timeout (at most every 30 s). */
function timeoutOptions(options: StartServerOptions): { headersTimeout?: number; requestTimeout?: number; connectionsCheckingInterval?: number } {
  const { headersTimeoutMs: headers, requestTimeoutMs: request } = options;
  if (headers === undefined && request === undefined) return {};
  const shortest = Math.min(headers ?? Infinity, request ?? Infinity);
  return {
    ...(headers === undefined ? {} : { headersTimeout: headers }),
    ...(request === undefined ? {} : { requestTimeout: request }),
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(shortest / 4))),
  };
}

/** A listening server. */
export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, for humans and tests. */
  readonly url: string;
  /**
   * Stops accepting connections, lets in-flight requests finish (bounded by
   * `shutdownTimeoutMs`), then closes whatever is left. Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * Serves a Hono app over HTTP on Node. Resolves once listening; rejects when the address
 * cannot be bound (in use, not permitted).
 *
 * @example
 * const server = await startServer({ app, host: '127.0.0.1', port: 3000 });
 * process.once('SIGTERM', () => void server.close());
 */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.shutdownTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    let server: Server;
    const onError = (err: Error) => reject(err);
    const serverOptions = timeoutOptions(options);
    server = serve({ fetch: options.app.fetch, hostname: options.host, port: options.port, serverOptions }, (info: AddressInfo) => {
      server.off('error', onError);
      server.on('error', (err) => logger.error('server error', { error: err.message }));
      let closing: Promise<void> | undefined;
      const host = info.address;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      resolve({
        host,
        port: info.port,
        url,
        close() {
          closing ??= new Promise<void>((done) => {
            options.onClose?.();
            let timer: NodeJS.Timeout | undefined;
            // close() stops accepting and (Node >= 19) drops idle keep-alive connections; its
            // callback runs when the last in-flight request has finished.
            server.close(() => {
              if (timer) clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
            timer = setTimeout(() => {
              logger.warn('shutdown timeout: closing open connections', { timeout_ms: timeoutMs });
              server.closeAllConnections();
            }, timeoutMs);
            timer.unref();
          });
          return closing;
        },
      });
    }) as Server;
    server.once('error', onError);
  });
}
