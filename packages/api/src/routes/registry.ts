import { RegistryAuth, ValidationError, createValidator, isMikrocloudError, type PullProgress } from '@mikrocloud/core';
import { Hono } from 'hono';
import Type from 'typebox';
import { acquireLiveStream } from '../live-streams.js';
import { addRoute } from '../route-registry.js';
import { registryOperations as ops } from './registry-operations.js';

/** The body of `POST /api/v1/images/pull`. */
export const PullRequest = Type.Object(
  {
    image: Type.String({ minLength: 1, maxLength: 512, description: 'image reference; no tag means latest', examples: ['ghcr.io/acme/app:1'] }),
    auth: Type.Optional(RegistryAuth),
  },
  { additionalProperties: false, $id: 'PullRequest' },
);
export type PullRequest = Type.Static<typeof PullRequest>;

/** The (optional) body of `POST /api/v1/images/push/{ref}`. */
export const PushRequest = Type.Object({ auth: Type.Optional(RegistryAuth) }, { additionalProperties: false, $id: 'PushRequest' });
export type PushRequest = Type.Static<typeof PushRequest>;

const validatePull = createValidator(PullRequest);
const validatePush = createValidator(PushRequest);

/** Options of {@link registryRoutes}. */
export interface RegistryRoutesOptions {
  /** Aborted when the server shuts down: transfers in progress are cancelled. */
  shutdownSignal?: AbortSignal;
}

const BASE = '/api/v1/images';
const encoder = new TextEncoder();

/**
 * Reads a JSON body without echoing it: a parse error's message would quote the text, and the
 * text may hold a password.
 */
async function readSecretJson(request: Request, required: boolean): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') {
    if (required) throw ValidationError.field('body', 'a JSON body is required');
    return {};
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ValidationError.field('body', 'malformed JSON');
  }
}

/** Checks a body against a validator; the auth field is reported by name, its value never. */
function parseBody<T>(validator: { parse(value: unknown): T }, body: unknown): T {
  try {
    return validator.parse(body);
  } catch (err) {
    if (err instanceof ValidationError) {
      const fields = (err.details as Array<{ field: string; message: string }> | undefined) ?? [];
      const safe = fields.map((p) => (p.field === 'auth' || p.field.startsWith('auth.') ? { field: 'auth', message: 'must be {username, password} or {identity_token}, with an optional server_address' } : p));
      const unique = safe.filter((p, i) => safe.findIndex((q) => q.field === p.field && q.message === p.message) === i);
      throw new ValidationError(unique);
    }
    throw err;
  }
}

function wantsJson(request: Request): boolean {
  const accept = (request.headers.get('accept') ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

function errorData(err: unknown): unknown {
  return isMikrocloudError(err) ? err.toJSON() : { error: { code: 'internal_error', message: 'internal server error' } };
}

/**
 * Runs a transfer and answers its progress as server-sent events. The answer is held back until
 * the first progress step (or the end), so a failure before the transfer began (a registry not
 * allowed, refused credentials, a missing image) is an ordinary error answer with its status.
 */
async function progressResponse<T>(
  request: Request,
  shutdownSignal: AbortSignal | undefined,
  run: (onProgress: (p: PullProgress) => void, signal: AbortSignal) => Promise<T>,
): Promise<Response> {
  const release = acquireLiveStream(request);
  const abort = new AbortController();
  const stop = () => abort.abort();
  request.signal.addEventListener('abort', stop, { once: true });
  shutdownSignal?.addEventListener('abort', stop, { once: true });
  const finish = () => {
    request.signal.removeEventListener('abort', stop);
    shutdownSignal?.removeEventListener('abort', stop);
    release();
  };
  let sink: ReadableStreamDefaultController<Uint8Array> | undefined;
  const pending: Uint8Array[] = [];
  const send = (chunk: Uint8Array) => {
    if (sink) sink.enqueue(chunk);
    else pending.push(chunk);
  };
  let started!: () => void;
  const first = new Promise<void>((resolve) => (started = resolve));
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    finish();
    if (sink) sink.close();
  };
  const outcome = run((p) => {
    send(event('progress', p));
    started();
  }, abort.signal).then(
    (value) => {
      send(event('done', value));
      started();
      return { ok: true as const };
    },
    (err: unknown) => ({ ok: false as const, err }),
  );
  const early = await Promise.race([first.then(() => undefined), outcome]);
  if (early && !early.ok) {
    finish();
    throw early.err;
  }
  void outcome.then((result) => {
    if (!result.ok) send(event('error', errorData(result.err)));
    close();
  });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      sink = controller;
      for (const chunk of pending.splice(0)) controller.enqueue(chunk);
      if (closed) controller.close();
    },
    cancel() {
      abort.abort();
      close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } });
}

/**
 * The registry routes, relative to `/api/v1/images`: pull an image (progress as server-sent
 * events, or JSON) and push one a build of this server made. Credentials in a body are passed
 * to the manager and go nowhere else.
 *
 * @example
 * app.route('/api/v1/images', registryRoutes({ shutdownSignal }));
 */
export function registryRoutes(options: RegistryRoutesOptions): Hono {
  const { shutdownSignal } = options;
  const app = new Hono();

  addRoute(app, BASE, ops.pull, async (c, { manager }) => {
    const body = parseBody(validatePull, await readSecretJson(c.req.raw, true));
    const auth = body.auth === undefined ? {} : { auth: body.auth };
    if (wantsJson(c.req.raw)) return c.json(await manager.pullImage(body.image, { ...auth, signal: c.req.raw.signal }));
    return progressResponse(c.req.raw, shutdownSignal, (onProgress, signal) => manager.pullImage(body.image, { ...auth, onProgress, signal }));
  });

  addRoute(app, BASE, ops.push, async (c, { id: ref, manager }) => {
    const body = parseBody(validatePush, await readSecretJson(c.req.raw, false));
    const auth = body.auth === undefined ? {} : { auth: body.auth };
    const push = async (o: { onProgress?: (p: PullProgress) => void; signal: AbortSignal }) => {
      await manager.pushImage(ref, { ...auth, ...o });
      return { image: ref };
    };
    if (wantsJson(c.req.raw)) return c.json(await push({ signal: c.req.raw.signal }));
    return progressResponse(c.req.raw, shutdownSignal, (onProgress, signal) => push({ onProgress, signal }));
  });

  return app;
}
