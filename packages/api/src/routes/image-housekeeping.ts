import { Hono } from 'hono';
import { addRoute } from '../route-registry.js';
import { imageHousekeepingOperations as ops } from './image-housekeeping-operations.js';

const BASE = '/api/v1/images';

/** `GET /api/v1/images` and `POST /api/v1/images/prune`, relative to `/api/v1/images`. */
export function imageHousekeepingRoutes(): Hono {
  const app = new Hono();
  addRoute(app, BASE, ops.list, async (c, { manager }) => c.json(await manager.listImages({ signal: c.req.raw.signal })));
  addRoute(app, BASE, ops.prune, async (c, { query, manager }) => c.json(await manager.pruneImages({ dryRun: query.dry_run ?? false })));
  return app;
}
