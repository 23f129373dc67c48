import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  MikrocloudError,
  NotFoundError,
  RuntimeUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  ValidationError,
} from '@mikrocloud/core';
import { errorFromBody, requestIdOf, transportError } from './errors.js';

describe('errorFromBody', () => {
  it('gives a 400 the ValidationError class with the per-field problems', () => {
    const details = [
      { field: 'name', message: 'must be 1-128 letters' },
      { field: 'restart_policy', message: 'must be one of no, always' },
    ];
    const err = errorFromBody(400, { error: { code: 'validation_failed', message: 'x', details } }, { requestId: 'req-1' });
    // The same classes as the SDK's root entry: one copy of core.
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.name).toBe('ValidationError');
    expect((err as ValidationError).problems).toEqual(details);
    expect(err.details).toEqual(details);
    expect(err.status).toBe(400);
    expect(requestIdOf(err)).toBe('req-1');
  });

  it('maps each code to its class and keeps codes without one', () => {
    expect(errorFromBody(404, { error: { code: 'not_found', message: 'no such container' } })).toBeInstanceOf(NotFoundError);
    const unauthorized = errorFromBody(401, { error: { code: 'unauthorized', message: 'token' } });
    expect(unauthorized).toBeInstanceOf(MikrocloudError);
    expect(unauthorized).toMatchObject({ code: 'unauthorized', status: 401, message: 'token' });
  });

  it('reads Retry-After into a 429', () => {
    const err = errorFromBody(429, { error: { code: 'too_many_requests', message: 'busy' } }, { retryAfter: '7' });
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect((err as TooManyRequestsError).retryAfterSeconds).toBe(7);
  });

  it('names an answer without a JSON body by its status', () => {
    const err = errorFromBody(503, undefined);
    expect(err).toBeInstanceOf(RuntimeUnavailableError);
    expect(err.message).toBe('the server answered 503');
  });
});

describe('transportError', () => {
  it('is a TimeoutError (timed_out) for AbortSignal.timeout and a CancelledError for an abort', async () => {
    const timeout = AbortSignal.timeout(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(transportError(new Error('aborted'), timeout, 'http://x')).toBeInstanceOf(TimeoutError);
    expect(transportError(new Error('aborted'), timeout, 'http://x').code).toBe('timed_out');
    const controller = new AbortController();
    controller.abort();
    expect(transportError(new Error('aborted'), controller.signal, 'http://x')).toBeInstanceOf(CancelledError);
  });

  it('is a RuntimeUnavailableError naming the server when it cannot be reached', () => {
    const err = transportError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }), undefined, 'http://127.0.0.1:1');
    expect(err).toBeInstanceOf(RuntimeUnavailableError);
    expect(err.message).toBe('cannot reach the mikrocloud server at http://127.0.0.1:1: connect ECONNREFUSED');
  });
});
