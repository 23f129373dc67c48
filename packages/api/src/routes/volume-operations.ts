import { ValidationError } from '@mikrocloud/core';
import type { Context } from 'hono';
import { booleanParam, described } from '../query.js';
import { defineRoute, jsonContent, schemaRef, type PathParam } from '../route-registry.js';

/** Volume and network names as the path carries them (the engines' grammar), at most 128 characters. */
export const OBJECT_NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$';
const objectName = new RegExp(OBJECT_NAME_PATTERN);

/** The `{name}` path parameter of a volume or network route: a 400 naming `name` when it is no such name. */
export function objectNameParam(kind: 'volume' | 'network'): PathParam {
  return {
    name: 'name',
    description: `${kind} name${kind === 'network' ? ' or id' : ''}`,
    schema: { type: 'string', pattern: OBJECT_NAME_PATTERN, maxLength: 128 },
    read: (c: Context) => {
      const name = c.req.param('name') ?? '';
      if (name.length > 128 || !objectName.test(name)) {
        throw ValidationError.field('name', `must be a ${kind} name: [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most 128 characters`);
      }
      return name;
    },
  };
}

const volume = (description: string) => ({ description, content: jsonContent(schemaRef('VolumeInfo')) });
const base = '/api/v1/volumes';
const tag = 'volumes';
const pathParam = objectNameParam('volume');

/** The volume routes: managed named volumes of this installation only. */
export const volumeOperations = {
  list: defineRoute({
    method: 'get',
    path: base,
    operationId: 'listVolumes',
    scope: 'read',
    summary: 'List the volumes this installation created',
    tag,
    query: {},
    responses: { '200': { description: 'volumes', content: jsonContent({ type: 'array', items: schemaRef('VolumeInfo') }) } },
  }),
  create: defineRoute({
    method: 'post',
    path: base,
    operationId: 'createVolume',
    scope: 'write',
    summary: 'Create a named volume',
    tag,
    query: {},
    requestBody: { required: false, content: jsonContent(schemaRef('VolumeSpec')) },
    responses: { '201': { ...volume('created'), headers: { Location: { schema: { type: 'string' }, description: 'URL of the new volume' } } } },
    errors: ['BadRequest', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'BadGateway'],
  }),
  inspect: defineRoute({
    method: 'get',
    path: `${base}/{name}`,
    operationId: 'getVolume',
    scope: 'read',
    summary: 'Inspect a volume',
    tag,
    pathParam,
    query: {},
    responses: { '200': volume('the volume') },
    errors: ['BadRequest', 'NotFound'],
  }),
  remove: defineRoute({
    method: 'delete',
    path: `${base}/{name}`,
    operationId: 'deleteVolume',
    scope: 'write',
    summary: 'Remove a volume (409 while a container uses it)',
    tag,
    pathParam,
    query: { force: described(booleanParam, 'remove it even when the engine would keep it') },
    responses: { '204': { description: 'removed' } },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'BadGateway'],
  }),
  prune: defineRoute({
    method: 'post',
    path: `${base}/prune`,
    operationId: 'pruneVolumes',
    scope: 'write',
    summary: 'Remove the volumes of this installation that no container uses',
    description: 'Never touches volumes mikrocloud did not create, nor those of another installation. `dry_run=true` lists what would go.',
    tag,
    query: { dry_run: described(booleanParam, 'only list what would be removed') },
    responses: { '200': { description: 'what was (or would be) removed', content: jsonContent(schemaRef('PruneResult')) } },
    errors: ['BadRequest', 'BadGateway'],
  }),
};
