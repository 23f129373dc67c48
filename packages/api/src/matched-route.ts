import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { routeDefinitionOf, type RouteDefinition } from './route-registry.js';

/** The route that answers a request: its path pattern and, when registered with `addRoute`, its definition. */
export interface MatchedRoute {
  /** The path pattern in Hono form (`/api/v1/containers/:id/stop`). */
  pattern: string;
  definition: RouteDefinition | undefined;
}

// Hono wraps a sub-app's handlers when that sub-app has its own error handler; the original stays here.
const COMPOSED_HANDLER = '__COMPOSED_HANDLER';

/**
 * The handler route a request matched, known before the handler runs (Hono matches every route
 * up front), so middleware can act on what the route declares. Undefined when no handler
 * matches (the answer is then a 404 or 405).
 */
export function matchedRoute(c: Context): MatchedRoute | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
  if (!route) return undefined;
  const handler = route.handler as unknown as Record<string, unknown>;
  return { pattern: route.path, definition: routeDefinitionOf(handler[COMPOSED_HANDLER] ?? route.handler) };
}

/** The path parameters of `pattern` in `path` (simple `:name` segments), decoded. */
export function pathParams(pattern: string, path: string): Record<string, string> {
  const names = pattern.split('/');
  const values = path.split('/');
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (!name.startsWith(':') || value === undefined) return;
    try {
      out[name.slice(1).replace(/\{.*$/, '')] = decodeURIComponent(value);
    } catch {
      out[name.slice(1)] = value;
    }
  });
  return out;
}
