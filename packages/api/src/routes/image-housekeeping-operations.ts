import { booleanParam, described } from '../query.js';
import { defineRoute, jsonContent, schemaRef } from '../route-registry.js';

const base = '/api/v1/images';
const tag = 'images';

/** The routes over the images this installation built: listing and pruning them. */
export const imageHousekeepingOperations = {
  list: defineRoute({
    method: 'get',
    path: base,
    operationId: 'listImages',
    scope: 'read',
    summary: 'List the images this installation built',
    description: 'Only images carrying `io.mikrocloud.build.id` (and, with `[server] scope = "instance"`, this instance\'s id); never base images or other programs\' images. Newest first.',
    tag,
    query: {},
    responses: { '200': { description: 'images', content: jsonContent({ type: 'array', items: schemaRef('ImageInfo') }) } },
  }),
  prune: defineRoute({
    method: 'post',
    path: `${base}/prune`,
    operationId: 'pruneImages',
    scope: 'write',
    summary: 'Remove the images this installation built that no container uses',
    description:
      'Never a host-wide prune: only the images `GET /api/v1/images` lists, and of those only the ones no container (of any owner, stopped ones too) uses. `?dry_run=true` answers what would go and removes nothing.',
    tag,
    query: { dry_run: described(booleanParam, 'list what would be removed, remove nothing') },
    responses: { '200': { description: 'what was (or would be) removed', content: jsonContent(schemaRef('ImagePruneResult')) } },
    errors: ['BadRequest', 'BadGateway'],
  }),
};
