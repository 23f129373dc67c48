import { ENGINE_NAME_PATTERN } from '@mikrocloud/runtime';
import type { Context } from 'hono';
import { readEngineName } from '../engine-selection.js';
import { defineRoute, jsonContent, schemaRef, type PathParam, type RouteDefinition } from '../route-registry.js';

/** The `{engine}` path parameter: an engine's name (`default` is the `[docker]` engine). */
export const enginePathParam: PathParam = {
  name: 'engine',
  description: 'an engine name: `default` (the `[docker]` section) or the name of an `[[engines]]` table',
  schema: { type: 'string', pattern: ENGINE_NAME_PATTERN },
  read: (c: Context) => readEngineName(c.req.param('engine') ?? ''),
};

const tag = 'engines';

/** The engine routes: which engines the server drives and whether they answer. */
export const engineOperations = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/engines',
    operationId: 'listEngines',
    scope: 'read',
    summary: 'The engines this server drives',
    description: 'Each engine is asked for its version at the same time; one that does not answer within a short timeout is listed with `reachable: false` and its `reason`.',
    tag,
    query: {},
    responses: { '200': { description: 'every engine, `default` first', content: jsonContent({ type: 'array', items: schemaRef('EngineInfo') }) } },
  }),
  inspect: defineRoute({
    method: 'get',
    path: '/api/v1/engines/{engine}',
    operationId: 'getEngine',
    scope: 'read',
    summary: 'One engine',
    tag,
    pathParam: enginePathParam,
    query: {},
    responses: { '200': { description: 'the engine', content: jsonContent(schemaRef('EngineInfo')) } },
    errors: ['NotFound'],
  }),
};

const API = '/api/v1';

/**
 * The same route on a named engine: `/api/v1/engines/{engine}/...`, with the `engine` path
 * parameter and a 404 for an engine that is not configured. Used for the OpenAPI document; the
 * app serves the very same handlers under both paths.
 */
export function onEngine(route: RouteDefinition): RouteDefinition {
  if (!route.path.startsWith(`${API}/`)) throw new Error(`${route.path} is not an API route`);
  return {
    ...route,
    path: `${API}/engines/{engine}${route.path.slice(API.length)}`,
    operationId: `${route.operationId}OnEngine`,
    prefixParams: [enginePathParam],
    errors: [...new Set([...(route.errors ?? []), 'NotFound' as const])],
  };
}
