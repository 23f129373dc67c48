import { LogBudget } from '../records/log-budget.js';
import type { BuildStore } from '../records/build-store.js';

/** Longest line stored as one row; longer output is split, so one row never holds megabytes. */
const MAX_LINE = 16 * 1024;

/** Limits of a {@link LogSink}. */
export interface LogSinkOptions {
  /** Bytes of log stored for the build; past it one truncation line ends the log. Default 16 MiB. */
  maxLogBytes?: number;
  /** Lines buffered before a write. Default 500. */
  batchLines?: number;
  /** Bytes buffered before a write. Default 256 KiB. */
  batchBytes?: number;
  /** Longest a line waits in the buffer, in milliseconds. Default 100. */
  delayMs?: number;
}

/**
 * Buffers a build's log lines briefly and writes them to the store in small transactions, so
 * memory stays flat however much a build prints, and stops storing at the build's log budget
 * (ending the log with one truncation line). `onFlush` tells live readers there is more.
 */
export class LogSink {
  private buffer: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly budget: LogBudget;
  private readonly batchLines: number;
  private readonly batchBytes: number;
  private readonly delayMs: number;

  constructor(
    private readonly store: BuildStore,
    private readonly buildId: string,
    private readonly onFlush: () => void,
    options: LogSinkOptions = {},
  ) {
    this.budget = new LogBudget(options.maxLogBytes);
    this.batchLines = options.batchLines ?? 500;
    this.batchBytes = options.batchBytes ?? 256 * 1024;
    this.delayMs = options.delayMs ?? 100;
  }

  /** Whether the log has reached its budget (later lines are dropped). */
  get truncated(): boolean {
    return this.budget.truncated;
  }

  write(text: string): void {
    if (this.budget.truncated) return;
    lines: for (const raw of text.split(/\r?\n/)) {
      for (let i = 0; i === 0 || i < raw.length; i += MAX_LINE) {
        const line = this.budget.admit(raw.slice(i, i + MAX_LINE));
        if (line === undefined) break lines;
        this.buffer.push(line);
        this.bytes += line.length;
      }
    }
    if (this.budget.truncated || this.buffer.length >= this.batchLines || this.bytes >= this.batchBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const lines = this.buffer;
    this.buffer = [];
    this.bytes = 0;
    this.store.appendLogs(this.buildId, lines);
    this.onFlush();
  }
}
