import { StringDecoder } from 'node:string_decoder';
import type { BuildStatus, BuildVertex } from './status-messages.js';

/** `[stage 2/4] RUN npm ci` or `[2/4] RUN npm ci`: a Dockerfile step as BuildKit names its vertex. */
const STEP_NAME = /^\[(?:(\S+) )?(\d+)\/(\d+)\] ([\s\S]*)$/;

/** Longest piece of one step's output kept as one line before it is cut. */
const MAX_LINE = 64 * 1024;

/** Output lines of a step kept for the error message when it fails. */
const TAIL_LINES = 10;

/** Longest line of a failed build's message (the step, the reason, each output line). */
const MAX_MESSAGE_LINE = 300;

/** BuildKit's word for the steps it stopped because another one failed. */
const CANCELLED = /context canceled/i;

interface VertexState {
  name: string;
  /** The legacy builder's header for a Dockerfile step (`Step 2/4 : RUN npm ci`), else undefined. */
  step?: string;
  instruction?: string;
  announced: boolean;
  cachedReported: boolean;
  completed: boolean;
  partial: string;
  /** The last output lines while the step runs; emptied when it ends well. */
  tail: string[];
  /** Output arrives in chunks that may split a character; each vertex decodes its own. */
  decoder: StringDecoder;
}

/** The step that failed a build: its header, the engine's reason and its last output lines. */
export interface FailedStep {
  step: string;
  error: string;
  output: string[];
}

/**
 * Turns BuildKit's progress (decoded `StatusResponse`s) into the log lines the legacy builder
 * prints, so that logs read the same whichever builder ran: `Step 2/4 : RUN npm ci` when a
 * Dockerfile step starts, ` ---> Using cache` when it was cached, its output line by line, and
 * ` ---> Done in 1.2s` when it ends. Step numbers count within a stage (BuildKit numbers them
 * so). Stages run in parallel: when the output switches to another running step, a
 * `--- Step n/m : …` line says whose output follows. Other vertices (context transfer, export)
 * are logged by name once.
 */
export class BuildKitProgress {
  private readonly vertices = new Map<string, VertexState>();
  private lastSource: string | undefined;
  private failed: FailedStep | undefined;

  constructor(private readonly log: (line: string) => void) {}

  /** The step that failed, once one has. */
  get failure(): FailedStep | undefined {
    return this.failed;
  }

  /** Takes one decoded status update. */
  push(status: BuildStatus): void {
    for (const vertex of status.vertexes) this.vertex(vertex);
    for (const entry of status.logs) this.output(entry.vertex, entry.msg);
    for (const warning of status.warnings) this.log(`WARNING: ${capped(warning.short)}`);
  }

  /** Logs what is left of unfinished output lines. */
  end(): void {
    for (const [digest, state] of this.vertices) if (state.partial) this.flush(digest, state);
  }

  private state(digest: string, fullName = ''): VertexState {
    let state = this.vertices.get(digest);
    if (!state) {
      const name = capped(fullName);
      const match = STEP_NAME.exec(name);
      state = { name, announced: false, cachedReported: false, completed: false, partial: '', tail: [], decoder: new StringDecoder('utf8') };
      if (match) {
        state.step = `Step ${match[2]}/${match[3]} : ${match[4]}`;
        state.instruction = match[4] ?? '';
      }
      this.vertices.set(digest, state);
    }
    return state;
  }

  private vertex(v: BuildVertex): void {
    const state = this.state(v.digest, v.name);
    if (!state.announced && (v.started !== undefined || v.cached)) {
      state.announced = true;
      this.lastSource = v.digest;
      this.log(state.step ?? capped(v.name));
    }
    // The legacy builder says nothing of a cached FROM either: the base image is simply there.
    if (v.cached && !state.cachedReported && state.step && !/^FROM\b/i.test(state.instruction ?? '')) {
      state.cachedReported = true;
      this.log(' ---> Using cache');
    }
    if (v.completed === undefined || state.completed) return;
    state.completed = true;
    if (state.partial) this.flush(v.digest, state);
    const tail = state.tail;
    // Only a failed step's output is wanted later, for the build's error message.
    state.tail = [];
    if (v.error) {
      const error = capped(v.error);
      this.log(`ERROR: ${error}`);
      if (!this.failed || (CANCELLED.test(this.failed.error) && !CANCELLED.test(error))) {
        this.failed = { step: state.step ?? state.name, error, output: tail.slice(-TAIL_LINES) };
      }
    } else if (state.step && !v.cached && v.started !== undefined) {
      this.log(` ---> Done in ${((v.completed - v.started) / 1000).toFixed(1)}s`);
    }
  }

  private output(digest: string, bytes: Uint8Array): void {
    const state = this.state(digest);
    state.partial += state.decoder.write(Buffer.from(bytes)).replace(/\r\n/g, '\n');
    let at: number;
    while ((at = state.partial.indexOf('\n')) >= 0) {
      let line = state.partial.slice(0, at);
      state.partial = state.partial.slice(at + 1);
      for (; line.length > MAX_LINE; line = line.slice(MAX_LINE)) this.line(digest, state, line.slice(0, MAX_LINE));
      this.line(digest, state, line);
    }
    while (state.partial.length > MAX_LINE) {
      this.line(digest, state, state.partial.slice(0, MAX_LINE));
      state.partial = state.partial.slice(MAX_LINE);
    }
  }

  private flush(digest: string, state: VertexState): void {
    this.line(digest, state, state.partial);
    state.partial = '';
  }

  private line(digest: string, state: VertexState, raw: string): void {
    // A progress bar redraws its line with `\r`: its last state is the line.
    const line = raw.slice(raw.lastIndexOf('\r') + 1);
    if (this.lastSource !== digest) {
      this.lastSource = digest;
      if (state.step) this.log(`--- ${state.step}`);
    }
    if (!state.completed) {
      state.tail.push(line);
      if (state.tail.length > TAIL_LINES) state.tail.shift();
    }
    this.log(line);
  }
}

/** The message of a build BuildKit failed: the failing step, the engine's reason and the step's last output. */
export function failureMessage(engineError: string, failed: FailedStep | undefined): string {
  if (!failed) return engineError;
  const output = failed.output.filter((l) => l.trim() !== '');
  const lines = [`${failed.step}: ${engineError}`, ...(output.length ? ['last output of the step:', ...output.map((l) => `  ${l}`)] : [])];
  return lines.map((l) => capped(l, MAX_MESSAGE_LINE)).join('\n');
}

function capped(text: string, max = MAX_LINE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
