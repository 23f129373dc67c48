import { ValidationError, isImageReference } from '@mikrocloud/core';
import type { Context } from 'hono';
import { defineRoute, jsonContent, schemaRef, type PathParam } from '../route-registry.js';

const imageRef: PathParam = {
  name: 'ref',
  description: 'image reference with its tag, URL-encoded as one path segment (`localhost%3A5443%2Fteam%2Fapp%3A1`)',
  schema: { type: 'string', maxLength: 512 },
  read(c: Context) {
    const ref = c.req.param('ref') ?? '';
    if (ref.length > 512 || !isImageReference(ref)) throw ValidationError.field('ref', 'is not an image reference');
    return ref;
  },
};

const progressStream = (done: string) => ({
  'text/event-stream': {
    schema: {
      type: 'string',
      description: `server-sent events: \`event: progress\` with a PullProgress per step, then \`event: done\` with ${done}, or \`event: error\` with an ErrorBody when the transfer fails after it began`,
    },
    'x-item-schema': schemaRef('PullProgress'),
  },
});

const base = '/api/v1/images';
const tag = 'images';
const errors = ['BadRequest', 'Forbidden', 'NotFound', 'PayloadTooLarge', 'UnsupportedMediaType', 'TooManyRequests', 'BadGateway'] as const;

/** The registry routes: pull and push, with progress, for the server and the OpenAPI document alike. */
export const registryOperations = {
  pull: defineRoute({
    method: 'post',
    path: `${base}/pull`,
    operationId: 'pullImage',
    scope: 'write',
    summary: 'Pull an image from its registry, with progress',
    description:
      'Body `{image, auth?}`; `auth` is `{username, password}` or `{identity_token}` and is never stored, logged or echoed; without it the server\'s `[docker] registry_auth_file` is asked. Answers server-sent events (progress per layer, then `event: done` with the ImageInfo), or the ImageInfo as JSON with `Accept: application/json`. A registry outside `[docker] allowed_registries` and refused credentials are 403, a missing image 404, when they happen before any progress. An SSE answer holds one of `server.max_streams`.',
    tag,
    query: {},
    requestBody: { required: true, content: jsonContent(schemaRef('PullRequest')) },
    responses: { '200': { description: 'the pulled image, or its progress', content: { ...jsonContent(schemaRef('ImageInfo')), ...progressStream('the ImageInfo') } } },
    errors: [...errors],
  }),
  push: defineRoute({
    method: 'post',
    path: `${base}/push/{ref}`,
    operationId: 'pushImage',
    scope: 'write',
    summary: 'Push an image a build of this server made to its registry, with progress',
    description:
      'Optional body `{auth?}` (as for a pull). Only images carrying the build label of this server are pushed; others are 404. Answers server-sent events ending in `event: done` with `{image}`, or `{image}` as JSON with `Accept: application/json`.',
    tag,
    pathParam: imageRef,
    query: {},
    requestBody: { required: false, content: jsonContent(schemaRef('PushRequest')) },
    responses: {
      '200': {
        description: 'the pushed image, or its progress',
        content: { ...jsonContent({ type: 'object', required: ['image'], properties: { image: { type: 'string' } } }), ...progressStream('`{image}`') },
      },
    },
    errors: [...errors],
  }),
};
