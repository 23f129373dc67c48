import type { IncomingMessage } from 'node:http';
import {
  BuildError,
  ValidationError,
  isImageReference,
  isMikrocloudError,
  throwIfAborted,
  type ImageBuildInput,
  type ImageBuildOptions,
  type ImageBuildResult,
  type ImageInfo,
} from '@mikrocloud/core';
import { EngineHttpError, type QueryValue } from '../engine/http.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import { BuildStreamParser, type BuildIdMatcher } from './build-stream.js';

/**
 * What an engine sets up around one build (`EngineApiContainerManager.prepareBuild`): extra
 * parameters of `POST /build`, output the arrangement itself causes, and how to undo it.
 */
export interface BuildArrangement {
  /** Added to the query of `POST /build`. */
  query?: Record<string, QueryValue>;
  /**
   * Whether one piece of build output (the text of one `stream` event, one or more lines)
   * reaches `onLog`; false drops output the arrangement itself caused. It sees the text before it
   * is split into lines, so dropped output never splits a build line in two.
   */
  keepOutput?(text: string): boolean;
  /**
   * Called once when the build ends, however it ended, before `buildImage` settles. With
   * `aborted`, the caller gave up (cancel, timeout): whatever of the build still runs on the
   * engine must be stopped. Never rejects.
   */
  release(outcome: { aborted: boolean }): Promise<void>;
}

/** The query of `POST /build`. `pull` is never set: bases must come from the local store. */
export function defaultBuildQuery(input: ImageBuildInput, extraLabels: Record<string, string>): Record<string, QueryValue> {
  return {
    t: input.tags,
    dockerfile: input.dockerfile,
    buildargs: input.buildArgs ? JSON.stringify(input.buildArgs) : undefined,
    target: input.target,
    labels: input.labels || Object.keys(extraLabels).length ? JSON.stringify({ ...input.labels, ...extraLabels }) : undefined,
    rm: true,
    forcerm: true,
    nocache: input.noCache ? true : undefined,
  };
}

/** Rejects a build without tags or with a tag that is not an image reference. */
export function checkBuildTags(input: ImageBuildInput): void {
  if (!input.tags?.length) throw ValidationError.field('tags', 'at least one tag is required');
  input.tags.forEach((tag, i) => {
    if (!isImageReference(tag)) throw ValidationError.field(`tags.${i}`, `"${tag}" is not a valid image reference`);
  });
}

/** What {@link runBuild} needs from the manager. */
export interface BuildSteps {
  query: Record<string, QueryValue>;
  buildIdMatcher: BuildIdMatcher;
  arrangement: BuildArrangement | undefined;
  /** Looks the first tag up when the output named no image id. */
  inspectImage(ref: string): Promise<ImageInfo>;
}

/** `POST /build` with the context tar, streaming its output to `onLog`; returns the image id. */
export async function runBuild(calls: EngineCalls, input: ImageBuildInput, options: ImageBuildOptions, steps: BuildSteps): Promise<ImageBuildResult> {
  const signal = options.signal;
  const { arrangement } = steps;
  let res: IncomingMessage;
  try {
    res = await calls.open({
      method: 'POST',
      path: '/build',
      query: { ...steps.query, ...arrangement?.query },
      body: input.context,
      contentType: 'application/x-tar',
      ...signalOf(options),
    });
  } catch (err) {
    // The engine refused before building (no Dockerfile, bad parameter): its message is the reason.
    if (err instanceof EngineHttpError && !signal?.aborted) throw new BuildError(err.message, { cause: err });
    throw calls.mapError(err, { action: 'build', subject: `image "${input.tags[0]}"`, ...signalOf(options) });
  }
  const keepOutput = arrangement?.keepOutput?.bind(arrangement);
  const parser = new BuildStreamParser(options.onLog, steps.buildIdMatcher, keepOutput);
  // Closing the connection is what makes Docker Engine cancel the build (other engines stop it
  // in the arrangement's release).
  const onAbort = () => res.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) parser.push(chunk);
  } catch (err) {
    throw calls.mapError(err, { action: 'build', subject: `image "${input.tags[0]}"`, ...signalOf(options) });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    res.destroy();
  }
  throwIfAborted(signal);
  const outcome = parser.end();
  if (outcome.error !== undefined) throw new BuildError(outcome.error);
  if (outcome.imageId) return { image_id: outcome.imageId };
  // Neither an aux event nor a recognised summary line: ask the engine what the tag points at.
  try {
    const image = await steps.inspectImage(input.tags[0] as string);
    return { image_id: image.id };
  } catch (err) {
    if (isMikrocloudError(err) && err.code === 'not_found') throw new BuildError('the engine reported no image id and tagged nothing', { cause: err });
    throw err;
  }
}
