import type { EngineRegistry, EngineStatus } from '@mikrocloud/runtime';
import { Hono } from 'hono';
import type { EngineInfo } from '../openapi.js';
import { addRoute } from '../route-registry.js';
import { engineOperations } from './engine-operations.js';

// The registry's report is the document's EngineInfo: a change to one that the other lacks fails to compile.
const asInfo = (status: EngineStatus): EngineInfo => status;

/** `GET /api/v1/engines` and `GET /api/v1/engines/{engine}`: the engines and whether they answer. */
export function engineRoutes({ engines }: { engines: EngineRegistry }): Hono {
  const app = new Hono();
  addRoute(app, '/api/v1/engines', engineOperations.list, async (c) => c.json((await engines.list({ signal: c.req.raw.signal })).map(asInfo)));
  addRoute(app, '/api/v1/engines', engineOperations.inspect, async (c, { id }) => c.json(asInfo(await engines.status(id, { signal: c.req.raw.signal }))));
  return app;
}
