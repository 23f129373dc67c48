import {
  BuildError,
  CancelledError,
  ConflictError,
  ForbiddenError,
  MikrocloudError,
  MisdirectedRequestError,
  NotFoundError,
  RuntimeError,
  RuntimeUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  UnprocessableError,
  ValidationError,
  abortError,
  isMikrocloudError,
  type ErrorCode,
  type FieldProblem,
} from '@mikrocloud/core/errors';

/** The status codes the server answers without a JSON body only behind a proxy; named as the server would. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  421: 'misdirected_request',
  422: 'unprocessable',
  429: 'too_many_requests',
  502: 'runtime_error',
  503: 'runtime_unavailable',
  504: 'timed_out',
};

const requestIds = new WeakMap<Error, string>();

/** The `X-Request-Id` of the answer an error came from (what an operator finds in the server's log and audit trail). */
export function requestIdOf(error: unknown): string | undefined {
  return error instanceof Error ? requestIds.get(error) : undefined;
}

/** The error body fields of an answer: `{error: {code, message, details?}}`, or a bare `{code, message}` (SSE `event: error`). */
interface ErrorFields {
  code: string;
  message: string;
  details?: unknown;
}

function errorFieldsOf(body: unknown): ErrorFields | undefined {
  const inner = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : body;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const { code, message, details } = inner as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, ...(details === undefined ? {} : { details }) };
}

/** Whether a value is one `{ field, message }` entry of a `validation_failed` answer's `details`. */
export function isFieldProblem(value: unknown): value is FieldProblem {
  return typeof value === 'object' && value !== null && typeof (value as FieldProblem).field === 'string' && typeof (value as FieldProblem).message === 'string';
}

const isFieldProblems = (value: unknown): value is FieldProblem[] => Array.isArray(value) && value.every(isFieldProblem);

/**
 * The SDK's error for an error answer: the class that belongs to its `code` (`ValidationError`
 * with the server's per-field `details`, `NotFoundError`, ...), a plain {@link MikrocloudError}
 * for codes without a class of their own. The request id is kept for {@link requestIdOf}.
 */
export function errorFromBody(
  status: number,
  body: unknown,
  options: { requestId?: string | null; retryAfter?: string | null } = {},
): MikrocloudError {
  const fields = errorFieldsOf(body) ?? {
    code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'),
    message: `the server answered ${status}`,
  };
  const error = createError(status, fields, options.retryAfter ?? null);
  if (options.requestId) {
    requestIds.set(error, options.requestId);
    // Also readable as a property, for logs that print the error's own fields.
    Object.defineProperty(error, 'requestId', { value: options.requestId, enumerable: false });
  }
  return error;
}

function createError(status: number, { code, message, details }: ErrorFields, retryAfter: string | null): MikrocloudError {
  const options = details === undefined ? {} : { details };
  switch (code) {
    case 'validation_failed':
      return isFieldProblems(details) ? new ValidationError(details) : new ValidationError(message);
    case 'not_found':
      return new NotFoundError(message, options);
    case 'conflict':
      return new ConflictError(message, options);
    case 'runtime_unavailable':
      return new RuntimeUnavailableError(message, options);
    case 'runtime_error':
      return new RuntimeError(message, options);
    case 'unprocessable':
      return new UnprocessableError(message, options);
    case 'build_failed':
      return new BuildError(message, options);
    case 'cancelled':
      return new CancelledError(message, options);
    case 'timed_out':
      return new TimeoutError(message, options);
    case 'forbidden':
      return new ForbiddenError(message, options);
    case 'misdirected_request':
      return new MisdirectedRequestError(message, options);
    case 'too_many_requests': {
      const fromBody = (details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
      const seconds = typeof fromBody === 'number' ? fromBody : retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
      return new TooManyRequestsError(message, { ...options, ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) });
    }
    default:
      // unauthorized, method_not_allowed, payload_too_large, ... (and codes of a newer server).
      return new MikrocloudError(code as ErrorCode, status, message, options);
  }
}

/**
 * What a failed `fetch` becomes: the abort's error when the signal was aborted (`TimeoutError`,
 * code `timed_out`, for `AbortSignal.timeout()`; `CancelledError` otherwise), else a
 * `RuntimeUnavailableError` (`runtime_unavailable`: the server cannot be reached; retrying later may succeed).
 */
export function transportError(err: unknown, signal: AbortSignal | undefined, url: string): MikrocloudError {
  if (signal?.aborted) return abortError(signal, err);
  if (isMikrocloudError(err)) return err;
  const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  return new RuntimeUnavailableError(`cannot reach the mikrocloud server at ${url}: ${reason}`, { cause: err });
}
