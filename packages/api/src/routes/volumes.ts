import { validateVolumeSpec } from '@mikrocloud/core';
import { Hono } from 'hono';
import { readJson } from '../body.js';
import { addRoute } from '../route-registry.js';
import { volumeOperations as ops } from './volume-operations.js';

const BASE = '/api/v1/volumes';

/** The volume routes, relative to `/api/v1/volumes`, as {@link volumeOperations} declares them. */
export function volumeRoutes(): Hono {
  const app = new Hono();
  addRoute(app, BASE, ops.list, async (c, { manager }) => c.json(await manager.listVolumes({ signal: c.req.raw.signal })));
  addRoute(app, BASE, ops.create, async (c, { manager }) => {
    // The body is optional: without one the engine names the volume. Hono keeps the text, so
    // readJson reads it again.
    const spec = validateVolumeSpec((await c.req.text()).trim() === '' ? {} : await readJson(c));
    const created = await manager.createVolume(spec);
    c.header('Location', `${BASE}/${encodeURIComponent(created.name)}`);
    return c.json(created, 201);
  });
  addRoute(app, BASE, ops.prune, async (c, { query, manager }) => c.json(await manager.pruneVolumes({ dryRun: query.dry_run ?? false })));
  addRoute(app, BASE, ops.inspect, async (c, { id, manager }) => c.json(await manager.inspectVolume(id)));
  addRoute(app, BASE, ops.remove, async (c, { id, query, manager }) => {
    await manager.removeVolume(id, { force: query.force ?? false });
    return c.body(null, 204);
  });
  return app;
}
