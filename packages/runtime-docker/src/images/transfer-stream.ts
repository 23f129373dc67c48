import type { PullProgress } from '@mikrocloud/core';
import { LineSplitter } from '../containers/log-stream.js';

// The JSON-lines answer of `POST /images/create` (pull) and `POST /images/{name}/push`.
// Docker sends `{status, id, progressDetail: {current, total}}` per layer and an `error` event
// when the registry refuses; Podman's compat API sends the same shape with fewer steps (no
// byte counts, `Download complete` per blob), ids of blobs rather than layers, and its errors
// as `{error, errorDetail}` too, in a 200 answer.

interface TransferEvent {
  status?: unknown;
  id?: unknown;
  progressDetail?: { current?: unknown; total?: unknown } | null;
  error?: unknown;
  errorDetail?: { message?: unknown } | null;
}

function byteCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** One event as {@link PullProgress}, or undefined for events that are not progress. */
export function toPullProgress(event: TransferEvent): PullProgress | undefined {
  if (typeof event.status !== 'string' || !event.status) return undefined;
  const progress: PullProgress = { layer: typeof event.id === 'string' ? event.id : '', status: event.status };
  const current = byteCount(event.progressDetail?.current);
  const total = byteCount(event.progressDetail?.total);
  if (current !== undefined) progress.current_bytes = current;
  if (total !== undefined && total > 0) progress.total_bytes = total;
  return progress;
}

/** Reads a transfer answer incrementally: progress to `onProgress`, the first error kept. */
export class TransferStreamParser {
  /** The engine's error, when one was reported. */
  error: string | undefined;
  private readonly lines = new LineSplitter(16 * 1024 * 1024);

  constructor(private readonly onProgress: (progress: PullProgress) => void = () => {}) {}

  push(chunk: Buffer | string): void {
    for (const line of this.lines.push(chunk)) this.handle(line);
  }

  end(): { error?: string } {
    for (const line of this.lines.end()) this.handle(line);
    return this.error === undefined ? {} : { error: this.error };
  }

  private handle(raw: string): void {
    const line = raw.trim();
    if (!line) return;
    let event: TransferEvent;
    try {
      event = JSON.parse(line) as TransferEvent;
    } catch {
      return;
    }
    // After an error the engine's further words are no progress.
    if (typeof event !== 'object' || event === null || this.error !== undefined) return;
    const message = typeof event.errorDetail?.message === 'string' ? event.errorDetail.message : typeof event.error === 'string' ? event.error : undefined;
    if (message !== undefined || event.errorDetail) {
      this.error ??= message?.trim() || 'the engine reported an error';
      return;
    }
    const progress = toPullProgress(event);
    if (progress) this.onProgress(progress);
  }
}
