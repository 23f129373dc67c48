import type { IncomingMessage } from 'node:http';
import {
  CancelledError,
  ForbiddenError,
  Labels,
  NotFoundError,
  RuntimeError,
  RuntimeUnavailableError,
  ValidationError,
  parseImageReference,
  redact,
  throwIfAborted,
  type CallOptions,
  type ImageInfo,
  type MikrocloudError,
  type PushOptions,
  type RegistryAuth,
  type RegistryCredentialStore,
  type RegistryTransferOptions,
} from '@mikrocloud/core';
import type { ContainerScope } from '../containers/operations.js';
import { EngineHttpError, type EngineRequest } from '../engine/http.js';
import type { EngineCalls } from '../engine/transport.js';
import { checkRegistryAllowed, registryOf } from './policy.js';
import { checkRegistryAuth, registryAuthHeader, secretsOf } from './registry-auth.js';
import { TransferStreamParser } from './transfer-stream.js';

// Explicit pulls and pushes: credentials per call or from the manager's store, progress from the
// engine's stream, and errors that name the registry but never the credentials.

/** What pull and push need from a manager. */
export interface RegistryContext {
  calls: EngineCalls;
  allowedRegistries: readonly string[];
  credentials: RegistryCredentialStore | undefined;
  scope: ContainerScope;
  inspectImage: (ref: string, options: CallOptions) => Promise<ImageInfo>;
}

const REFUSED = /unauthorized|authentication required|access denied|denied:|no basic auth credentials|forbidden|status 40[13]/i;
const MISSING = /manifest unknown|name unknown|not found|does not exist|image not known|no such image/i;

/** The credentials for `image`: the call's own, else the store's for its registry. */
export async function credentialsFor(store: RegistryCredentialStore | undefined, image: string, auth?: unknown): Promise<RegistryAuth | undefined> {
  if (auth !== undefined) return checkRegistryAuth(auth);
  return store ? store.get(registryOf(image)) : undefined;
}

/** An engine's failure to pull or push, as a mikrocloud error naming the image and registry. */
export function transferError(action: 'pull' | 'push', image: string, message: string, auth: RegistryAuth | undefined, cause?: unknown): MikrocloudError {
  const registry = registryOf(image);
  const clean = redact(message, secretsOf(auth));
  if (REFUSED.test(clean)) {
    const why = auth ? 'the credentials were not accepted' : 'it requires credentials';
    return new ForbiddenError(`registry "${registry}" refused to ${action} image "${image}": ${why}`, { cause });
  }
  if (MISSING.test(clean)) {
    return new NotFoundError(action === 'pull' ? `image "${image}" not found in registry "${registry}"` : `image "${image}" not found`, { cause, details: { engine: clean } });
  }
  return new RuntimeError(`cannot ${action} image "${image}" (registry "${registry}"): ${clean}`, { cause });
}

/** Runs one pull or push request and reads its stream to the end. */
async function transfer(calls: EngineCalls, req: EngineRequest, action: 'pull' | 'push', image: string, auth: RegistryAuth | undefined, options: RegistryTransferOptions): Promise<void> {
  const signal = options.signal;
  throwIfAborted(signal);
  let res: IncomingMessage;
  try {
    res = await calls.open({ ...req, headers: { 'X-Registry-Auth': registryAuthHeader(auth, registryOf(image)) }, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw new CancelledError(undefined, { cause: err });
    if (err instanceof EngineHttpError) throw transferError(action, image, err.message, auth);
    const mapped = calls.mapError(err);
    if (mapped instanceof RuntimeUnavailableError) throw mapped;
    throw transferError(action, image, mapped.message, auth);
  }
  const parser = new TransferStreamParser(options.onProgress);
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) parser.push(chunk);
  } catch (err) {
    res.destroy();
    if (signal?.aborted) throw new CancelledError(undefined, { cause: err });
    throw transferError(action, image, (err as Error).message, auth);
  }
  const outcome = parser.end();
  if (outcome.error !== undefined) throw transferError(action, image, outcome.error, auth);
}

/**
 * `POST /images/create`: pulls `image` (a tag, a digest, or `latest`) from its registry, after
 * checking that registry is allowed, then inspects it.
 */
export async function pullFromRegistry(ctx: RegistryContext, image: string, options: RegistryTransferOptions = {}): Promise<ImageInfo> {
  const ref = parseImageReference(image);
  if ('error' in ref) throw ValidationError.field('image', ref.error);
  checkRegistryAllowed(image, ctx.allowedRegistries);
  const auth = await credentialsFor(ctx.credentials, image, options.auth);
  // Without a tag the engine would pull every tag of the repository.
  const query = { fromImage: ref.name, tag: ref.digest ?? ref.tag ?? 'latest' };
  await transfer(ctx.calls, { method: 'POST', path: '/images/create', query }, 'pull', image, auth, options);
  const pulled = ref.digest ? `${ref.name}@${ref.digest}` : `${ref.name}:${ref.tag ?? 'latest'}`;
  return ctx.inspectImage(pulled, options);
}

/** Whether an image was made by a build of the manager's installation (its instance, when it has one). */
export function ownsImage(labels: Record<string, string>, scope: ContainerScope): boolean {
  if (!labels[Labels.buildId]) return false;
  return scope.instanceId === undefined || labels[Labels.instance] === scope.instanceId;
}

/**
 * `POST /images/{name}/push`: pushes the local image `image` (a tag; `latest` when none) to its
 * registry. Only images {@link ownsImage} says this installation built, unless the call and the
 * manager both include unmanaged images; others answer as missing.
 */
export async function pushToRegistry(ctx: RegistryContext, image: string, options: PushOptions = {}): Promise<void> {
  const ref = parseImageReference(image);
  if ('error' in ref) throw ValidationError.field('image', ref.error);
  if (ref.digest) throw ValidationError.field('image', 'a push needs a tag, not a digest');
  checkRegistryAllowed(image, ctx.allowedRegistries);
  const tag = ref.tag ?? 'latest';
  const local = await ctx.inspectImage(`${ref.name}:${tag}`, options);
  if (!(options.includeUnmanaged && ctx.scope.includeUnmanaged) && !ownsImage(local.labels, ctx.scope)) {
    throw new NotFoundError(`image "${image}" not found`);
  }
  const auth = await credentialsFor(ctx.credentials, image, options.auth);
  const path = `/images/${ref.name.split('/').map(encodeURIComponent).join('/')}/push`;
  await transfer(ctx.calls, { method: 'POST', path, query: { tag } }, 'push', image, auth, options);
}
