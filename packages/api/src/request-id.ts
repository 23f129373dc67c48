import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';

/** The response header that carries a request's id. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const ids = new WeakMap<Context, string>();

/** The id {@link requestIds} gave a request ('' outside it). */
export function requestIdOf(c: Context): string {
  return ids.get(c) ?? '';
}

/**
 * Middleware that gives every request a fresh id (a client's own `X-Request-Id` is not trusted
 * into logs) and returns it as `X-Request-Id`, so a client can quote it and an operator find the
 * request in the log and the audit trail.
 */
export const requestIds = () =>
  createMiddleware(async (c, next) => {
    const id = randomUUID();
    ids.set(c, id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
    if (c.res.headers.get(REQUEST_ID_HEADER) !== id) c.header(REQUEST_ID_HEADER, id);
  });
