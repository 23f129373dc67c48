import { StringDecoder } from 'node:string_decoder';
import type { LogLine } from '@mikrocloud/core';

/** One payload of a multiplexed stream. */
export interface LogFrame {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

const HEADER = 8;

/**
 * Splits the Engine API's multiplexed output (8-byte headers: stream type, 3 zero bytes, big-endian
 * payload length) into frames. Chunks may end anywhere, including inside a header; one chunk may
 * hold many frames. Only the unfinished frame is kept, so memory stays bounded by one frame.
 */
export class LogDemultiplexer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the unfinished frame needs in all (header included), once its header is known. */
  private needed = HEADER;

  /** Feeds one chunk; returns the frames it completed. */
  push(chunk: Buffer): LogFrame[] {
    if (chunk.length === 0) return [];
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      // Joining only once the frame is complete keeps a large frame from being copied per chunk.
      if (this.pendingBytes < this.needed) return [];
    }
    let buffer = this.pendingBytes > 0 ? Buffer.concat(this.pending, this.pendingBytes) : chunk;
    this.pending = [];
    this.pendingBytes = 0;
    this.needed = HEADER;
    const frames: LogFrame[] = [];
    while (buffer.length >= HEADER) {
      const size = buffer.readUInt32BE(4);
      if (buffer.length < HEADER + size) {
        this.needed = HEADER + size;
        break;
      }
      // Type 2 is stderr; 0 (stdin, echoed for TTY-less attach) and 1 are reported as stdout.
      const stream = buffer[0] === 2 ? 'stderr' : 'stdout';
      if (size > 0) frames.push({ stream, data: buffer.subarray(HEADER, HEADER + size) });
      buffer = buffer.subarray(HEADER + size);
    }
    if (buffer.length > 0) {
      // Copy so the retained part does not pin the whole original chunk.
      this.pending = [Buffer.from(buffer)];
      this.pendingBytes = buffer.length;
    }
    return frames;
  }

  /** Bytes of an unfinished frame (non-zero at the end means the stream was cut mid-frame). */
  get buffered(): number {
    return this.pendingBytes;
  }
}

/** Default cap on one line: longer output is cut into pieces so a newline-free flood cannot exhaust memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Turns a stream of text chunks into lines. A line may span chunks; UTF-8 sequences split across
 * chunks are decoded correctly; `\r\n` (what a TTY writes) ends a line like `\n`. Call
 * {@link LineSplitter.end} to get the last line when it has no newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];
  private partLength = 0;

  constructor(private readonly maxLine = MAX_LINE_BYTES) {}

  /** Feeds bytes; returns every line they completed (without the line break). */
  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.parts.push(text.slice(start, nl));
      lines.push(this.take());
      start = nl + 1;
    }
    if (start < text.length) {
      const rest = text.slice(start);
      this.parts.push(rest);
      this.partLength += rest.length;
      if (this.partLength >= this.maxLine) lines.push(this.take());
    }
    return lines;
  }

  /** The last, unterminated line, if any. */
  end(): string[] {
    const rest = this.decoder.end();
    if (rest) this.parts.push(rest);
    if (this.parts.length === 0) return [];
    const last = this.take();
    return last === '' ? [] : [last];
  }

  private take(): string {
    let line = this.parts.length === 1 ? (this.parts[0] ?? '') : this.parts.join('');
    this.parts = [];
    this.partLength = 0;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return line;
  }
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) ?/;

/** Splits the engine's `timestamps=1` prefix off a line. */
export function splitTimestamp(line: string): { timestamp?: string; line: string } {
  const match = TIMESTAMP.exec(line);
  if (!match) return { line };
  return { timestamp: match[1] as string, line: line.slice(match[0].length) };
}

/** Options of {@link readLogLines}. */
export interface ReadLogLinesOptions {
  /** The stream is raw TTY output (one stream, no frame headers). */
  tty: boolean;
  /** Lines carry the engine's timestamp prefix. */
  timestamps?: boolean;
}

/**
 * Reads an engine log response chunk by chunk and yields lines: demultiplexed into stdout and
 * stderr unless TTY, split on newlines per stream, the last partial line of each stream at the end.
 * Pulls one chunk at a time, so huge logs stream through in constant memory.
 */
export async function* readLogLines(source: AsyncIterable<Buffer>, options: ReadLogLinesOptions): AsyncGenerator<LogLine> {
  const demux = options.tty ? undefined : new LogDemultiplexer();
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  const toLine = (stream: 'stdout' | 'stderr', text: string): LogLine => {
    if (!options.timestamps) return { stream, line: text };
    const split = splitTimestamp(text);
    return split.timestamp === undefined ? { stream, line: split.line } : { stream, line: split.line, timestamp: split.timestamp };
  };
  for await (const chunk of source) {
    const frames: LogFrame[] = demux ? demux.push(chunk) : [{ stream: 'stdout', data: chunk }];
    for (const frame of frames) {
      for (const text of splitters[frame.stream].push(frame.data)) yield toLine(frame.stream, text);
    }
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    for (const text of splitters[stream].end()) yield toLine(stream, text);
  }
}
