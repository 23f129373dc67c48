import type { LogFields, Logger } from '@mikrocloud/core';

// The server logs through core's one logger contract; these names stay exported from here too.
export { silentLogger } from '@mikrocloud/core';
export type { LogFields, Logger } from '@mikrocloud/core';

export interface LoggerOptions {
  /** `json` (one object per line, the default) or `plain` (`level message key=value ...`). */
  format?: 'json' | 'plain';
  /** Where lines go. Default: standard error, so standard output stays free for command output. */
  write?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

function plainValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Creates a logger that writes one line per event.
 *
 * @example
 * const logger = createLogger({ format: 'plain' });
 * logger.info('request', { method: 'GET', path: '/health', status: 200, ms: 1 });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: string, message: string, fields: LogFields = {}) => {
    if (options.format === 'plain') {
      const rest = Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${plainValue(v)}`)
        .join(' ');
      write(`${now().toISOString()} ${level} ${message}${rest ? ` ${rest}` : ''}`);
    } else {
      write(JSON.stringify({ time: now().toISOString(), level, msg: message, ...fields }));
    }
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
