/**
 * A FIFO of jobs (builds and plans alike) that runs at most `concurrency` at once and holds at
 * most `maxWaiting` waiting ones: the caller asks {@link full} before it pushes.
 */
export class JobQueue {
  private readonly waiting: { id: string; run: () => Promise<void> }[] = [];
  private active = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  /** Jobs waiting for a slot. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Whether a new job would have to wait while the waiting line is at its bound. */
  get full(): boolean {
    return this.active + this.waiting.length >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  /** The ids of waiting jobs, first in line first. */
  waitingIds(): string[] {
    return this.waiting.map((job) => job.id);
  }

  /** Adds a job; it runs as soon as a slot is free. `run` must not throw synchronously. */
  push(id: string, run: () => Promise<void>): void {
    this.waiting.push({ id, run });
    this.pump();
  }

  /** Takes a waiting job out of line; false when it is not waiting (already running, or unknown). */
  remove(id: string): boolean {
    const index = this.waiting.findIndex((job) => job.id === id);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.active++;
      void job
        .run()
        .catch(() => {})
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }
}
