import { MikrocloudError, ValidationError, isMikrocloudError, type ErrorCode } from '@mikrocloud/core';
import type { Context } from 'hono';
import type { Logger } from './logger.js';

/** The JSON body of every error answer: `{"error": {"code", "message", "details"?}}`. */
export interface ErrorPayload {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Builds an error body; `details` is left out when undefined. */
export function errorPayload(code: ErrorCode, message: string, details?: unknown): ErrorPayload {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** 401: the request carries no valid bearer token. */
export function unauthorized(): MikrocloudError {
  return new MikrocloudError('unauthorized', 401, 'a valid bearer token is required (Authorization: Bearer <token>)');
}

/** 413: the body is larger than `server.body_limit_bytes`. */
export function payloadTooLarge(limit: number): MikrocloudError {
  return new MikrocloudError('payload_too_large', 413, `request body exceeds ${limit} bytes`, { details: { limit_bytes: limit } });
}

/** 415: a body that is not JSON. */
export function unsupportedMediaType(contentType: string | undefined): MikrocloudError {
  return new MikrocloudError(
    'unsupported_media_type',
    415,
    `request bodies must be application/json${contentType ? `, not ${contentType}` : ' (Content-Type is missing)'}`,
  );
}

/** A 400 about one field. */
export function invalidField(field: string, message: string): ValidationError {
  return ValidationError.field(field, message);
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  403: 'forbidden',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  421: 'misdirected_request',
  429: 'too_many_requests',
  503: 'runtime_unavailable',
};

function isHttpException(err: unknown): err is Error & { status: number; getResponse(): Response } {
  return (
    err instanceof Error &&
    typeof (err as { status?: unknown }).status === 'number' &&
    typeof (err as { getResponse?: unknown }).getResponse === 'function'
  );
}

/** Whole seconds from an error's `retryAfterSeconds` (core's TooManyRequestsError), recognised structurally. */
function retryAfterOf(err: unknown): number | undefined {
  const seconds = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/**
 * Turns anything thrown by a route into a JSON error answer. mikrocloud errors are recognised
 * structurally (a copy bundled by a plug-in counts too) and answered with their own status and
 * body, plus `Retry-After` when they carry `retryAfterSeconds` (a 429); Hono's HTTP exceptions keep their status; anything else is a 500 with a generic message,
 * logged with its stack, and never shown to the client.
 */
export function errorResponse(c: Context, err: unknown, logger: Logger): Response {
  if (isMikrocloudError(err)) {
    const status = err.status >= 400 && err.status <= 599 ? err.status : 500;
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
    if (status >= 500 && status !== 503) logger.warn('request failed', { code: err.code, error: err.message });
    return c.json(err.toJSON(), status as 500);
  }
  if (isHttpException(err) && err.status >= 400 && err.status <= 599) {
    const code = CODE_BY_STATUS[err.status] ?? (err.status >= 500 ? 'internal_error' : 'bad_request');
    const message = err.status >= 500 ? 'internal server error' : err.message || 'bad request';
    return c.json(errorPayload(code, message), err.status as 400);
  }
  logger.error('unhandled error', {
    method: c.req.method,
    path: c.req.path,
    error: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return c.json(errorPayload('internal_error', 'internal server error'), 500);
}
