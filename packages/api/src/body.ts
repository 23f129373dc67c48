import { ValidationError } from '@mikrocloud/core';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { payloadTooLarge, unsupportedMediaType } from './http-errors.js';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a media type is JSON: `application/json` or a `+json` suffix, any parameters. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return length.trim() !== '0';
  return c.req.header('transfer-encoding') !== undefined;
}

/**
 * Middleware for request bodies: a body sent with a method that carries one must be JSON (else
 * 415) and at most `limit` bytes (else 413, checked against Content-Length and while streaming,
 * so a chunked body cannot slip past).
 */
export const jsonBodies = (options: { limit: number }) => {
  const limit = bodyLimit({
    maxSize: options.limit,
    onError: () => {
      throw payloadTooLarge(options.limit);
    },
  });
  return createMiddleware(async (c, next) => {
    if (!METHODS_WITH_BODY.has(c.req.method) || !hasBody(c)) return next();
    const contentType = c.req.header('content-type');
    if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
    return limit(c, next);
  });
};

/** Reads the request body as JSON; a missing or malformed body is a 400 about the field `body`. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw ValidationError.field('body', 'a JSON body is required');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError([{ field: 'body', message: `malformed JSON: ${(err as Error).message}` }]);
  }
}
