import { ValidationError, validateNetworkConnection, validateNetworkSpec } from '@mikrocloud/core';
import { Hono } from 'hono';
import { readJson } from '../body.js';
import { addRoute } from '../route-registry.js';
import { networkOperations as ops } from './network-operations.js';

const BASE = '/api/v1/networks';

/** The network routes, relative to `/api/v1/networks`, as {@link networkOperations} declares them. */
export function networkRoutes(): Hono {
  const app = new Hono();
  addRoute(app, BASE, ops.list, async (c, { manager }) => c.json(await manager.listNetworks({ signal: c.req.raw.signal })));
  addRoute(app, BASE, ops.create, async (c, { manager }) => {
    const created = await manager.createNetwork(validateNetworkSpec(await readJson(c)));
    c.header('Location', `${BASE}/${encodeURIComponent(created.name)}`);
    return c.json(created, 201);
  });
  addRoute(app, BASE, ops.inspect, async (c, { id, manager }) => c.json(await manager.inspectNetwork(id)));
  addRoute(app, BASE, ops.remove, async (c, { id, manager }) => {
    await manager.removeNetwork(id);
    return c.body(null, 204);
  });
  addRoute(app, BASE, ops.connect, async (c, { id, manager }) => {
    const body = validateNetworkConnection(await readJson(c));
    if (body.force !== undefined) throw fieldNotHere('force', 'connect');
    await manager.connectNetwork(id, body.container, body.aliases ? { aliases: body.aliases } : {});
    return c.body(null, 204);
  });
  addRoute(app, BASE, ops.disconnect, async (c, { id, manager }) => {
    const body = validateNetworkConnection(await readJson(c));
    if (body.aliases !== undefined) throw fieldNotHere('aliases', 'disconnect');
    await manager.disconnectNetwork(id, body.container, { force: body.force ?? false });
    return c.body(null, 204);
  });
  return app;
}

function fieldNotHere(field: string, action: string): ValidationError {
  return ValidationError.field(field, `is not a field of ${action}`);
}
