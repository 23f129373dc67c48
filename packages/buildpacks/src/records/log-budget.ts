/** Bytes of log kept per build unless configured otherwise (`maxLogBytes`). */
export const DEFAULT_MAX_LOG_BYTES = 16 * 1024 * 1024;

const TRUNCATION_PREFIX = '[mikrocloud] log truncated after ';

/** The one line that ends a log cut at `bytes` bytes. */
export function truncationLine(bytes: number): string {
  return `${TRUNCATION_PREFIX}${bytes} bytes`;
}

/** Whether a stored line is the line that ends a cut log. */
export function isTruncationLine(line: string | undefined): boolean {
  return line !== undefined && line.startsWith(TRUNCATION_PREFIX) && /^\d+ bytes$/.test(line.slice(TRUNCATION_PREFIX.length));
}

/**
 * Counts the bytes of a build's log (UTF-8, plus one newline per line) and decides what is kept:
 * every line while the total stays within `maxBytes`, then one truncation line, then nothing.
 * The build itself goes on; only its stored (and streamed) log stops.
 */
export class LogBudget {
  private used = 0;
  private cut = false;

  constructor(readonly maxBytes: number = DEFAULT_MAX_LOG_BYTES) {}

  /** Whether the log has been cut. */
  get truncated(): boolean {
    return this.cut;
  }

  /** Bytes kept so far (without the truncation line). */
  get usedBytes(): number {
    return this.used;
  }

  /** The line to keep for `line`: itself, the truncation line (once, when it does not fit), or undefined. */
  admit(line: string): string | undefined {
    if (this.cut) return undefined;
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (this.used + size <= this.maxBytes) {
      this.used += size;
      return line;
    }
    this.cut = true;
    return truncationLine(this.used);
  }
}
