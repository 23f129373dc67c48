import { describe, expect, expectTypeOf, it } from 'vitest';
import { CancelledError, ERROR_CODES, NotFoundError, TimeoutError, ValidationError, abortError, nestedProblems, throwIfAborted, type ErrorCode } from './errors.js';

describe('errors', () => {
  it('carry their class name and a literal code', () => {
    const err = new ValidationError([{ field: 'image', message: 'is required' }]);
    expect(err.name).toBe('ValidationError');
    expect(new NotFoundError('x').name).toBe('NotFoundError');
    expectTypeOf(err.code).toEqualTypeOf<'validation_failed'>();
    expectTypeOf(new TimeoutError('x').code).toEqualTypeOf<'timed_out'>();
  });

  it('list every code the REST API sends', () => {
    for (const code of ['internal_error', 'method_not_allowed', 'bad_request', 'timed_out'] satisfies ErrorCode[]) {
      expect(ERROR_CODES).toContain(code);
    }
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('end a timed-out signal as timed_out and an aborted one as cancelled', async () => {
    const timeout = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(() => throwIfAborted(timeout)).toThrow(TimeoutError);
    expect(abortError(timeout).code).toBe('timed_out');
    const controller = new AbortController();
    controller.abort();
    expect(abortError(controller.signal)).toBeInstanceOf(CancelledError);
    expect(abortError(AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)])).code).toBe('cancelled');
  });
});

describe('nestedProblems', () => {
  it('names each problem from the enclosing field', () => {
    expect(nestedProblems('build', [{ field: 'git_repo', message: 'is required' }, { field: '', message: 'must be an object' }])).toEqual([
      { field: 'build.git_repo', message: 'is required' },
      { field: 'build', message: 'must be an object' },
    ]);
  });
});
