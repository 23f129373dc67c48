import type { IncomingMessage } from 'node:http';
import {
  abortError,
  NotFoundError,
  RuntimeUnavailableError,
  ValidationError,
  isImageReference,
  parseImageReference,
  redact,
  type CallOptions,
  type ImageInfo,
} from '@mikrocloud/core';
import { EngineHttpError } from '../engine/http.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import type { EngineImageInspect } from '../engine/types.js';
import { BuildStreamParser } from './build-stream.js';

// Images over the Engine API: inspect, remove and pull. Builds are in build.ts.

function imagePath(ref: string): string {
  return ref.split('/').map(encodeURIComponent).join('/');
}

function checkImageRef(ref: string): void {
  // An image id (sha256:... or a hex prefix) is also accepted where a reference is.
  if (typeof ref !== 'string' || !(isImageReference(ref) || /^(sha256:)?[0-9a-f]{12,64}$/.test(ref))) {
    throw ValidationError.field('image', `"${String(ref)}" is not an image reference`);
  }
}

/** `GET /images/<ref>/json`, with tags as users write them (`normaliseImageName`). */
export async function inspectImage(calls: EngineCalls, normaliseImageName: (name: string) => string, ref: string, options: CallOptions): Promise<ImageInfo> {
  checkImageRef(ref);
  const image = await calls.call<EngineImageInspect>(
    { method: 'GET', path: `/images/${imagePath(ref)}/json`, ...signalOf(options) },
    { subject: `image "${ref}"`, action: 'inspect' },
  );
  return {
    id: image.Id,
    tags: (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map(normaliseImageName),
    size_bytes: image.Size ?? 0,
    created_at: (image.Created && !Number.isNaN(Date.parse(image.Created)) ? new Date(image.Created).toISOString() : image.Created) ?? '',
    labels: image.Config?.Labels ?? {},
  };
}

/** `DELETE /images/<ref>`. */
export async function removeImage(calls: EngineCalls, ref: string, options: CallOptions & { force?: boolean }): Promise<void> {
  checkImageRef(ref);
  await calls.call(
    { method: 'DELETE', path: `/images/${imagePath(ref)}`, query: { force: options.force ? true : undefined }, ...signalOf(options) },
    { subject: `image "${ref}"`, action: 'remove' },
  );
}

/**
 * `POST /images/create`: pulls one image once, within `timeoutMs`; any failure is a NotFoundError
 * naming it. `auth` is the `X-Registry-Auth` header value; `secrets` are redacted from messages.
 */
export async function pullImage(
  calls: EngineCalls,
  image: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  auth?: { header: string; secrets: readonly string[] },
): Promise<void> {
  const ref = parseImageReference(image);
  if ('error' in ref) throw ValidationError.field('image', ref.error);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const fail = (why: string, cause?: unknown) => new NotFoundError(`image "${image}" not found locally and could not be pulled: ${redact(why, auth?.secrets)}`, { cause });
  let res: IncomingMessage;
  try {
    res = await calls.open({
      method: 'POST',
      path: '/images/create',
      // Without a tag the engine would pull every tag of the repository.
      query: { fromImage: ref.name, tag: ref.digest ?? ref.tag ?? 'latest' },
      ...(auth ? { headers: { 'X-Registry-Auth': auth.header } } : {}),
      signal: combined,
    });
  } catch (err) {
    if (signal?.aborted) throw abortError(signal, err);
    if (timeout.aborted) throw fail(`no answer within ${Math.round(timeoutMs / 1000)} s`, err);
    const mapped = calls.mapError(err);
    if (mapped instanceof RuntimeUnavailableError) throw mapped;
    throw fail(err instanceof EngineHttpError ? err.message : mapped.message, err);
  }
  const parser = new BuildStreamParser();
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) parser.push(chunk);
  } catch (err) {
    res.destroy();
    if (signal?.aborted) throw abortError(signal, err);
    throw fail(timeout.aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (err as Error).message, err);
  }
  const outcome = parser.end();
  if (outcome.error) throw fail(outcome.error);
}
