import type { ContainerManager } from '@mikrocloud/core';
import type { Context, Hono } from 'hono';
import type { Scope } from './auth/scopes.js';
import { selectedEngineOf } from './engine-selection.js';
import { parseQuery, type Parsed, type QueryParam } from './query.js';

type JsonObject = Record<string, unknown>;

/** The query parameters a route accepts; anything else is a 400. */
export type QuerySpec = Record<string, QueryParam<unknown>>;

/** A path parameter: how the OpenAPI document shows it, and how a request's value is checked. */
export interface PathParam {
  name: string;
  description: string;
  schema: JsonObject;
  /** The value, checked: throws a ValidationError naming the parameter when it is not valid. */
  read(c: Context): string;
}

/** The shared error responses (`#/components/responses/<name>`) a route can answer with. */
export type ErrorResponseName =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'MisdirectedRequest'
  | 'Unprocessable'
  | 'TooManyRequests'
  | 'InternalError'
  | 'BadGateway'
  | 'ServiceUnavailable'
  | 'GatewayTimeout';

/**
 * One route: what the server checks on a request and what the OpenAPI document says about it,
 * from the same declaration.
 */
export interface RouteDefinition<Q extends QuerySpec = QuerySpec> {
  method: 'get' | 'post' | 'delete';
  /** The full path in OpenAPI form (`/api/v1/containers/{id}`). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  pathParam?: PathParam;
  /** Path parameters before `pathParam` that middleware reads (the `{engine}` of `/api/v1/engines/{engine}/...`): documented only. */
  prefixParams?: PathParam[];
  query: Q;
  /** Header parameters, as OpenAPI parameter objects. */
  headers?: JsonObject[];
  requestBody?: JsonObject;
  /** The answers particular to this route (successes, and a schema'd error like health's 503). */
  responses: JsonObject;
  /** Shared error responses beyond those every `/api` route answers (401, 403, 405, 421, 500, 503). */
  errors?: ErrorResponseName[];
  /** Open to requests without a token, and outside the shared error responses (`/health`). */
  open?: boolean;
  /**
   * The scope a token needs for this route (see `SCOPES`); required unless `open`. The one
   * authorization middleware reads it from here, and the OpenAPI document shows it.
   */
  scope?: Scope;
  /** Any query string is accepted and ignored (probes and document fetches add cache-busters). */
  ignoresQuery?: boolean;
}

/** Declares a route (an identity function that keeps the query spec's type). */
export function defineRoute<Q extends QuerySpec>(definition: RouteDefinition<Q>): RouteDefinition<Q> {
  return definition;
}

/** What a route handler gets beside the context: the checked path parameter and query, and the engine's manager. */
export interface RouteInput<Q extends QuerySpec> {
  id: string;
  query: Parsed<Q>;
  /**
   * The manager of the engine the request names (`/api/v1/engines/{engine}/...`, else `default`),
   * as the `selectEngine` middleware resolved it. Read only by routes that act on an engine.
   */
  readonly manager: ContainerManager;
}

/**
 * Registers a route's handler on a sub-app mounted at `base`: the path parameter and the query
 * are checked against the definition (a 400 naming each parameter at fault) before it runs.
 */
export function addRoute<Q extends QuerySpec>(
  app: Hono,
  base: string,
  definition: RouteDefinition<Q>,
  handler: (c: Context, input: RouteInput<Q>) => Response | Promise<Response>,
): void {
  if (!definition.path.startsWith(base)) throw new Error(`${definition.path} is not under ${base}`);
  if (!definition.open && definition.scope === undefined) throw new Error(`${definition.operationId} declares no scope`);
  const path = definition.path.slice(base.length).replace(/\{([A-Za-z_]+)\}/g, ':$1') || '/';
  const routeHandler = (c: Context) => {
    const id = definition.pathParam ? definition.pathParam.read(c) : '';
    const query = definition.ignoresQuery ? {} : parseQuery(c, definition.query);
    return handler(c, {
      id,
      query,
      get manager() {
        return selectedEngineOf(c).manager;
      },
    });
  };
  definitions.set(routeHandler, definition as RouteDefinition);
  app.on(definition.method.toUpperCase(), path, routeHandler);
}

// The definition behind each handler addRoute registers: middleware finds a request's route here.
const definitions = new WeakMap<object, RouteDefinition>();

/** The definition a handler was registered from with {@link addRoute}, if it was. */
export function routeDefinitionOf(handler: unknown): RouteDefinition | undefined {
  return typeof handler === 'function' ? definitions.get(handler) : undefined;
}

/** A `$ref` to a component schema. */
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** A JSON content map. */
export const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });

/** The header an `EventSource` sends when it reconnects to a log stream. */
export const LAST_EVENT_ID_HEADER = {
  name: 'Last-Event-ID',
  in: 'header',
  required: false,
  description: 'SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream)',
  schema: { type: 'string' },
};
