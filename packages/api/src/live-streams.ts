// Live log streams (followed text, server-sent events) hold a connection, an engine stream and
// descriptors for as long as the client likes; one server keeps a bounded number of them open.
import { TooManyRequestsError } from '@mikrocloud/core';
import { createMiddleware } from 'hono/factory';

/** When a refused stream should try again. */
const RETRY_AFTER_SECONDS = 5;

/** The live log streams of one server. */
export interface LiveStreams {
  /** Streams open now. */
  readonly open: number;
  /** Streams that may be open at once. */
  readonly max: number;
  /**
   * Takes a place for one stream; call the function it returns (once; later calls do nothing)
   * when the stream ends. Throws a TooManyRequestsError (429 with `Retry-After`) when all are taken.
   */
  acquire(): () => void;
}

/**
 * Counts the live log streams of one server and refuses the one past `max`.
 *
 * @example
 * const streams = createLiveStreams(64);
 * const release = streams.acquire();
 * try { ... } finally { release(); }
 */
export function createLiveStreams(max: number): LiveStreams {
  if (!Number.isSafeInteger(max) || max < 1) throw new TypeError(`max must be an integer of at least 1, not ${String(max)}`);
  let open = 0;
  return {
    get open() {
      return open;
    },
    max,
    acquire() {
      if (open >= max) {
        throw new TooManyRequestsError(`${open} live log streams are open, the most this server allows (server.max_streams); try again later`, {
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        });
      }
      open += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open -= 1;
      };
    },
  };
}

// The streams of the app a request reached; a WeakMap so mounted sub-apps share it without typing their Env.
const streamsByRequest = new WeakMap<Request, LiveStreams>();

/** Middleware that makes `streams` the bound of every live log stream a route of this app opens. */
export const limitLiveStreams = (streams: LiveStreams) =>
  createMiddleware(async (c, next) => {
    streamsByRequest.set(c.req.raw, streams);
    await next();
  });

/**
 * Takes a live-stream place for a request (see {@link limitLiveStreams}); a request outside
 * such an app is not bounded. Returns the function that gives the place back.
 */
export function acquireLiveStream(request: Request): () => void {
  return streamsByRequest.get(request)?.acquire() ?? (() => {});
}
