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
    server = serve({ fetch: options.app.fetch, hostname: options.host, port: options.port }, (info: AddressInfo) => {
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
