import type { BuildStore } from '../records/build-store.js';

/** Longest line stored as one row; longer output is split, so one row never holds megabytes. */
const MAX_LINE = 16 * 1024;

/**
 * Buffers a build's log lines briefly and writes them to the store in small transactions, so
 * memory stays flat however much a build prints. `onFlush` tells live readers there is more.
 */
export class LogSink {
  private buffer: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: BuildStore,
    private readonly buildId: string,
    private readonly onFlush: () => void,
    private readonly maxLines = 500,
    private readonly maxBytes = 256 * 1024,
    private readonly delayMs = 100,
  ) {}

  write(text: string): void {
    for (const raw of text.split(/\r?\n/)) {
      for (let i = 0; i === 0 || i < raw.length; i += MAX_LINE) {
        const line = raw.slice(i, i + MAX_LINE);
        this.buffer.push(line);
        this.bytes += line.length;
      }
    }
    if (this.buffer.length >= this.maxLines || this.bytes >= this.maxBytes) this.flush();
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
