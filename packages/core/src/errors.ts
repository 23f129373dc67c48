/** Stable, machine-readable error codes. They are part of the public API: never rename one. */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'runtime_unavailable'
  | 'unprocessable'
  | 'build_failed'
  | 'cancelled'
  | 'timed_out'
  | 'unauthorized'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'runtime_error'
  | 'forbidden'
  | 'misdirected_request'
  | 'too_many_requests'
  | 'method_not_allowed'
  | 'bad_request'
  | 'internal_error';

/** Every {@link ErrorCode}, in one list (for documents and checks that enumerate them). */
export const ERROR_CODES: readonly ErrorCode[] = [
  'validation_failed',
  'not_found',
  'conflict',
  'runtime_unavailable',
  'unprocessable',
  'build_failed',
  'cancelled',
  'timed_out',
  'unauthorized',
  'unsupported_media_type',
  'payload_too_large',
  'runtime_error',
  'forbidden',
  'misdirected_request',
  'too_many_requests',
  'method_not_allowed',
  'bad_request',
  'internal_error',
];

/** One problem with one field of an input, `field` being a dotted path such as `ports.8080`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface MikrocloudErrorOptions {
  cause?: unknown;
  details?: unknown;
}

/**
 * The root of every error mikrocloud throws. `code` is stable, `status` is the HTTP status the
 * REST API answers with, `details` is JSON-safe and never holds a secret.
 */
export class MikrocloudError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, status: number, message: string, options: MikrocloudErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = options.details;
  }

  /** The JSON body the REST API sends for this error. */
  toJSON(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** How many problems a {@link ValidationError}'s message spells out; `details` has them all. */
const MESSAGE_PROBLEMS = 5;

/** Input that breaks a schema or a grammar. `details` lists every field at fault. */
export class ValidationError extends MikrocloudError {
  declare readonly code: 'validation_failed';
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[] | string, options: MikrocloudErrorOptions = {}) {
    const list = typeof problems === 'string' ? [{ field: '', message: problems }] : problems;
    const said = list.slice(0, MESSAGE_PROBLEMS).map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
    const more = list.length - said.length;
    super('validation_failed', 400, said.length === 0 ? 'invalid input' : `${said.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`, {
      ...options,
      details: list,
    });
    this.problems = list;
  }

  /** A validation error about one field. */
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/**
 * Problems of a nested value, named from the enclosing object: `prefix.field`, or `prefix` alone
 * for a problem of the whole value.
 *
 * @example
 * nestedProblems('build', [{ field: 'git_repo', message: 'is required' }]);
 * // [{ field: 'build.git_repo', message: 'is required' }]
 */
export function nestedProblems(prefix: string, problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ field: p.field ? `${prefix}.${p.field}` : prefix, message: p.message }));
}

export class NotFoundError extends MikrocloudError {
  declare readonly code: 'not_found';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('not_found', 404, message, options);
  }
}

export class ConflictError extends MikrocloudError {
  declare readonly code: 'conflict';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('conflict', 409, message, options);
  }
}

/** The engine does not answer (socket missing, refused, reset). Retrying later may succeed. */
export class RuntimeUnavailableError extends MikrocloudError {
  declare readonly code: 'runtime_unavailable';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('runtime_unavailable', 503, message, options);
  }
}

/** The engine answered, but with an error mikrocloud has no better name for. */
export class RuntimeError extends MikrocloudError {
  declare readonly code: 'runtime_error';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('runtime_error', 502, message, options);
  }
}

/** The input is well formed but cannot be acted on (for example: no buildpack recognises the app). */
export class UnprocessableError extends MikrocloudError {
  declare readonly code: 'unprocessable';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('unprocessable', 422, message, options);
  }
}

export class BuildError extends MikrocloudError {
  declare readonly code: 'build_failed';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('build_failed', 422, message, options);
  }
}

export class CancelledError extends MikrocloudError {
  declare readonly code: 'cancelled';
  constructor(message = 'the operation was cancelled', options: MikrocloudErrorOptions = {}) {
    super('cancelled', 499, message, options);
  }
}

export class TimeoutError extends MikrocloudError {
  declare readonly code: 'timed_out';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('timed_out', 504, message, options);
  }
}

/** The caller is known but may not do this (a missing scope, a refused origin, a foreign image). */
export class ForbiddenError extends MikrocloudError {
  declare readonly code: 'forbidden';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('forbidden', 403, message, options);
  }
}

/** The request named a host this server does not answer to (DNS rebinding, a stray proxy). */
export class MisdirectedRequestError extends MikrocloudError {
  declare readonly code: 'misdirected_request';
  constructor(message: string, options: MikrocloudErrorOptions = {}) {
    super('misdirected_request', 421, message, options);
  }
}

/** A bound is reached (build queue, live streams); `retryAfterSeconds` says when to try again. */
export class TooManyRequestsError extends MikrocloudError {
  declare readonly code: 'too_many_requests';
  readonly retryAfterSeconds: number;
  constructor(message: string, options: MikrocloudErrorOptions & { retryAfterSeconds?: number } = {}) {
    const retryAfterSeconds = options.retryAfterSeconds ?? 5;
    super('too_many_requests', 429, message, { ...options, details: options.details ?? { retry_after_seconds: retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Whether a value is a mikrocloud error. Checked structurally, so errors from two copies of
 * this package (or from a bundled plug-in) are recognised too.
 */
export function isMikrocloudError(value: unknown): value is MikrocloudError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function' &&
    value instanceof Error
  );
}

/** Throws {@link abortError} of the signal when it has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Whether an abort reason is a timeout: `AbortSignal.timeout()`'s DOMException, or a {@link TimeoutError}. */
export function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && (reason.name === 'TimeoutError' || (reason as { code?: unknown }).code === 'timed_out');
}

/**
 * The error an aborted signal ends an operation with: a {@link TimeoutError} (`timed_out`) when
 * it was aborted by a timeout (`AbortSignal.timeout()`), otherwise a {@link CancelledError}.
 */
export function abortError(signal: AbortSignal, cause: unknown = signal.reason): CancelledError | TimeoutError {
  const reason: unknown = signal.reason;
  if (isTimeoutReason(reason)) return new TimeoutError('the operation timed out (its signal was aborted by a timeout)', { cause });
  return new CancelledError(reasonMessage(reason), { cause });
}

function reasonMessage(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError') return `cancelled: ${reason.message}`;
  return 'the operation was cancelled';
}
