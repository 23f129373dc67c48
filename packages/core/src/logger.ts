/** Structured fields attached to a log line. Never put a secret here. */
export type LogFields = Record<string, unknown>;

/**
 * Where a package reports what it does: one call per event. The one logger contract of every
 * mikrocloud package (managers, the build service, the server); pass the same object to each.
 *
 * @example
 * const logger: Logger = { info: console.info, warn: console.warn, error: console.error };
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that discards everything. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};
