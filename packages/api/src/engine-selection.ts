import { ValidationError, type ContainerManager } from '@mikrocloud/core';
import { DEFAULT_ENGINE, ENGINE_NAME_PATTERN, type EngineRegistry } from '@mikrocloud/runtime';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';

/** Where the routes of a named engine live: `/api/v1/engines/{engine}/containers`, ... */
export const ENGINE_ROUTES_PREFIX = '/api/v1/engines';
// A request for a resource of one engine; `/api/v1/engines/{engine}` alone is about the engine itself.
const ENGINE_PATH = /^\/api\/v1\/engines\/([^/]+)\/./;

/** The engine a request acts on: its name and manager. */
export interface SelectedEngine {
  name: string;
  manager: ContainerManager;
}

const selected = new WeakMap<Context, SelectedEngine>();
const ENGINE_NAME = new RegExp(ENGINE_NAME_PATTERN);

/** An engine name from a path: a 400 naming `engine` when it cannot be one (an unknown one is the registry's 404). */
export function readEngineName(segment: string): string {
  const name = safeDecode(segment);
  if (!ENGINE_NAME.test(name)) throw ValidationError.field('engine', 'must be an engine name: lower-case letters, digits and -, at most 63 characters');
  return name;
}

/**
 * Middleware that picks the engine a request acts on, once for every route: the one named by
 * `/api/v1/engines/{engine}/...`, else `default`. An unknown name is a 404 `not_found` naming it,
 * before any handler runs (a name outside the grammar is a 400 naming `engine`). A `Location` the
 * handler sets is moved under the engine's prefix. Handlers registered with `addRoute` get the manager as `input.manager`.
 */
export const selectEngine = (engines: EngineRegistry) =>
  createMiddleware(async (c, next) => {
    const named = ENGINE_PATH.exec(c.req.path)?.[1];
    const name = named === undefined ? DEFAULT_ENGINE : readEngineName(named);
    selected.set(c, { name, manager: engines.get(name) });
    await next();
    // Handlers name what they created by its unprefixed URL; under an engine it is the engine's.
    const location = c.res.headers.get('Location');
    if (named !== undefined && location?.startsWith('/api/v1/') && !location.startsWith(ENGINE_ROUTES_PREFIX)) {
      c.res.headers.set('Location', `${ENGINE_ROUTES_PREFIX}/${name}/${location.slice('/api/v1/'.length)}`);
    }
  });

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The engine {@link selectEngine} picked for this request; an error when the app has no such middleware. */
export function selectedEngineOf(c: Context): SelectedEngine {
  const engine = selected.get(c);
  if (!engine) throw new Error(`no engine was selected for ${c.req.path}: the app needs the selectEngine middleware`);
  return engine;
}
