import {
  abortError,
  CancelledError,
  isTimeoutReason,
  TimeoutError,
  ConflictError,
  NotFoundError,
  RuntimeError,
  RuntimeUnavailableError,
  UnprocessableError,
  ValidationError,
  isMikrocloudError,
  type MikrocloudError,
} from '@mikrocloud/core';
import { EngineHttpError } from './http.js';

/** What a failed call was about, so the error can name it. */
export interface EngineErrorContext {
  /** `container "web"`, `image "nginx:alpine"`, ... */
  subject?: string;
  /** The action, e.g. `start`, for messages such as `cannot start container "web": ...`. */
  action?: string;
  /** The caller's signal: when aborted, every failure is a cancellation. */
  signal?: AbortSignal;
  /** Extra text for unavailability errors (the socket and the discovery reasons). */
  unavailableHint?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES', 'ENOTSOCK', 'ECONNABORTED', 'EHOSTUNREACH', 'ETIMEDOUT',
  'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN',
  // ssh could not connect or authenticate; TLS files unreadable.
  'ESSHCONNECT', 'ETLSFILES',
  // The engine's certificate was not accepted (unknown CA, wrong host, expired).
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether an error means the engine could not be reached (as opposed to answering with an error). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && (CONNECTION_CODES.has(code) || code.startsWith('ERR_SSL_'))) return true;
  return /socket hang up|aborted/i.test(err.message) && err.name !== 'AbortError';
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as NodeJS.ErrnoException).code === 'ABORT_ERR');
}

/** Engine 500s that really mean a taken resource (a host port another process holds). */
const TAKEN = /port is already allocated|address already in use/i;

/**
 * The container's process cannot be executed (no such executable, not executable): the request
 * was well formed but the container cannot run it. Docker answers 400, Podman 500.
 */
const NOT_EXECUTABLE = /unable to start container process: exec: /i;

/** Engine 400s that are about the caller's input rather than the engine's own trouble. */
const INPUT_PROBLEM = /invalid|must be|not allowed|unknown|malformed|bad parameter|cannot be empty|is required|out of range/i;

/**
 * Translates anything an engine call threw into a mikrocloud error with a clean message: engine
 * status codes by meaning, socket failures as unavailability, aborts as cancellation. Engine stack
 * traces never reach the message; the original error is kept as `cause`.
 */
export function mapEngineError(err: unknown, context: EngineErrorContext = {}): MikrocloudError {
  if (isMikrocloudError(err)) return err;
  const options = { cause: err };
  if (context.signal?.aborted) return abortError(context.signal, err);
  if (isAbort(err)) return isTimeoutReason(err) || isTimeoutReason((err as { cause?: unknown }).cause) ? new TimeoutError('the operation timed out', options) : new CancelledError(undefined, options);
  const prefix = context.action && context.subject ? `cannot ${context.action} ${context.subject}: ` : '';
  if (err instanceof EngineHttpError) {
    const message = err.message;
    if ((err.statusCode === 400 || err.statusCode === 500) && NOT_EXECUTABLE.test(message)) return new UnprocessableError(`${prefix}${message}`, options);
    switch (err.statusCode) {
      case 404:
        return new NotFoundError(context.subject ? `${context.subject} not found` : message, { cause: err, details: { engine: message } });
      case 409:
        return new ConflictError(`${prefix}${message}`, options);
      case 400:
        return INPUT_PROBLEM.test(message) ? new ValidationError(`${prefix}${message}`, options) : new RuntimeError(`${prefix}${message}`, options);
      default:
        if (TAKEN.test(message)) return new ConflictError(`${prefix}${message}`, options);
        return new RuntimeError(`${prefix}${message} (engine status ${err.statusCode})`, options);
    }
  }
  if (isConnectionError(err)) {
    const code = (err as NodeJS.ErrnoException).code;
    // ssh's and TLS's own words say more than their codes (a refused host key, an unknown CA).
    const explained = code === 'ESSHCONNECT' || code === 'ETLSFILES' || (code !== undefined && !/^E[A-Z]+$/.test(code));
    const why = code && !explained ? code : explained && code !== 'ESSHCONNECT' && code !== 'ETLSFILES' ? `${code}: ${(err as Error).message}` : (err as Error).message;
    const hint = context.unavailableHint ? ` ${context.unavailableHint}` : '';
    return new RuntimeUnavailableError(`container engine unavailable (${why}).${hint}`, options);
  }
  const text = err instanceof Error ? err.message : String(err);
  return new RuntimeError(`${prefix}${text.split('\n')[0] ?? text}`, options);
}
