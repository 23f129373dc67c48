import { LineSplitter } from '../containers/log-stream.js';
import { BuildKitProgress, failureMessage } from './buildkit/progress.js';
import { decodeBuildStatus } from './buildkit/status-messages.js';

/** Pulls an image id out of one line of build output (a fallback when no `aux.ID` event comes). */
export type BuildIdMatcher = (line: string) => string | undefined;

/** Docker's legacy builder ends with `Successfully built 3f2a...`. */
export const dockerBuildIdMatcher: BuildIdMatcher = (line) => /^Successfully built ([0-9a-f]{12,64})\s*$/.exec(line)?.[1];

interface BuildEvent {
  id?: unknown;
  stream?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown } | null;
  aux?: unknown;
  status?: unknown;
  message?: unknown;
}

/**
 * Reads the JSON-lines answer of `POST /build` incrementally. Every `stream` text goes to `onLog`
 * line by line; an `error`/`errorDetail` event anywhere marks the build failed (the HTTP status
 * is 200 even when a step fails); the image id comes from `aux.ID`, else from the output.
 * Non-JSON lines are passed to `onLog` as they are rather than failing the build.
 *
 * BuildKit's answer (`POST /build?version=2`) carries its progress as `moby.buildkit.trace`
 * events (a protobuf `StatusResponse` in base64); they are decoded into the legacy builder's
 * lines ({@link BuildKitProgress}), and a failure names the failing step and its last output.
 */
export class BuildStreamParser {
  /** The engine's error, when one was reported. */
  error: string | undefined;
  /** The built image's id, when reported. */
  imageId: string | undefined;
  private fallbackId: string | undefined;
  private readonly events = new LineSplitter(64 * 1024 * 1024);
  private readonly text = new LineSplitter();
  private progress: BuildKitProgress | undefined;

  /**
   * @param keepOutput Whether the text of one `stream` event is output at all. It sees the text
   * before it is split into lines, so output it drops never splits another line in two.
   */
  constructor(
    private readonly onLog: (line: string) => void = () => {},
    private readonly matchId: BuildIdMatcher = dockerBuildIdMatcher,
    private readonly keepOutput: (text: string) => boolean = () => true,
  ) {}

  /** Feeds a chunk of the HTTP response. */
  push(chunk: Buffer | string): void {
    for (const line of this.events.push(chunk)) this.handle(line);
  }

  /** Ends the stream; returns the outcome. */
  end(): { error?: string; imageId?: string } {
    for (const line of this.events.end()) this.handle(line);
    for (const line of this.text.end()) this.log(line);
    this.progress?.end();
    const imageId = this.imageId ?? this.fallbackId;
    const error = this.error === undefined ? undefined : failureMessage(this.error, this.progress?.failure);
    return { ...(error === undefined ? {} : { error }), ...(imageId === undefined ? {} : { imageId }) };
  }

  private handle(raw: string): void {
    const line = raw.trim();
    if (!line) return;
    let event: BuildEvent;
    try {
      event = JSON.parse(line) as BuildEvent;
    } catch {
      this.log(line);
      return;
    }
    if (typeof event !== 'object' || event === null) return;
    if (event.id === 'moby.buildkit.trace') {
      if (typeof event.aux === 'string') this.trace(event.aux);
      return;
    }
    if (typeof event.stream === 'string' && this.keepOutput(event.stream)) for (const l of this.text.push(event.stream)) this.log(l);
    if (typeof event.status === 'string') this.log(event.status);
    const message = typeof event.errorDetail?.message === 'string' ? event.errorDetail.message : typeof event.error === 'string' ? event.error : undefined;
    if (message !== undefined) this.error ??= message.trim() || 'the build failed';
    else if (event.error !== undefined || event.errorDetail) this.error ??= 'the build failed';
    const aux = event.aux as { ID?: unknown } | null | undefined;
    if (typeof aux === 'object' && aux !== null && typeof aux.ID === 'string') this.imageId = aux.ID;
  }

  private trace(aux: string): void {
    this.progress ??= new BuildKitProgress((line) => this.log(line));
    try {
      this.progress.push(decodeBuildStatus(aux));
    } catch {
      // An update this decoder cannot read is progress only: the outcome comes in other events.
    }
  }

  private log(line: string): void {
    const id = this.matchId(line);
    if (id) this.fallbackId = id;
    this.onLog(line);
  }
}
