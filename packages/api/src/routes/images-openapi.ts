import { BUILD_ID_PATTERN } from '@mikrocloud/buildpacks';
import { errorResponses, json, type OpenApiPaths } from '../openapi.js';
import { LAST_EVENT_ID_HEADER } from '../route-registry.js';

const schema = (name: 'BuildRequest' | 'BuildRecord') => ({ $ref: `#/components/schemas/${name}` });
const buildId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'build id',
  schema: { type: 'string', pattern: BUILD_ID_PATTERN },
};
const op = (summary: string, operationId: string, rest: Record<string, unknown>) => ({ summary, operationId, tags: ['images'], ...rest });

/** OpenAPI paths of the image-build routes (mounted at `/api/v1/images`). */
export function imagesOpenApiPaths(): OpenApiPaths {
  return {
    '/api/v1/images/build': {
      post: op('Build an image from a git repository', 'buildImage', {
        description:
          'Validates the whole request (400 naming the field) before anything is cloned, stores a `queued` record and answers 202. With `?wait=true` it answers 200 with the final record when the build ends.',
        parameters: [{ name: 'wait', in: 'query', required: false, schema: { type: 'boolean' } }],
        requestBody: { required: true, content: json(schema('BuildRequest')) },
        responses: {
          '200': { description: 'the finished build (`?wait=true`)', content: json(schema('BuildRecord')) },
          '202': { description: 'the build is queued', content: json(schema('BuildRecord')) },
          ...errorResponses('BadRequest', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType'),
        },
      }),
    },
    '/api/v1/images/plan': {
      post: op('Show what a build would do, without building', 'planImage', {
        description:
          "Same body as a build. Checks the repository out into a throw-away workspace and answers the buildpack's plan (for nixpacks: the provider detected and from which files, the install/build/start commands and where each came from, base images, variables with secrets masked, the generated Dockerfile). 422 when no provider recognises the app, or for buildpacks that have no plan.",
        requestBody: { required: true, content: json(schema('BuildRequest')) },
        responses: {
          '200': {
            description: 'the plan',
            content: json({
              type: 'object',
              required: ['commit', 'buildpack_type', 'plan'],
              properties: { commit: { type: 'string' }, buildpack_type: { type: 'string' }, plan: { type: 'object' } },
            }),
          },
          ...errorResponses('BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unprocessable'),
        },
      }),
    },
    '/api/v1/images/builds': {
      get: op('List builds, newest first', 'listBuilds', {
        parameters: [
          { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } },
        ],
        responses: { '200': { description: 'build records', content: json({ type: 'array', items: schema('BuildRecord') }) }, ...errorResponses('BadRequest') },
      }),
    },
    '/api/v1/images/builds/{id}': {
      get: op('One build record', 'getBuild', {
        parameters: [buildId],
        responses: { '200': { description: 'the record', content: json(schema('BuildRecord')) }, ...errorResponses('BadRequest', 'NotFound') },
      }),
    },
    '/api/v1/images/builds/{id}/logs': {
      get: op("A build's log", 'getBuildLogs', {
        description:
          'Plain text, one line per log line. With `Accept: text/event-stream` (or `?follow=true`) the stream stays open and sends live lines until the build ends, then `event: end` with the final status. Each SSE event has `id:` set to its line number (from 1); a client reconnecting with `Last-Event-ID` resumes after that line.',
        parameters: [buildId, { name: 'follow', in: 'query', required: false, schema: { type: 'boolean' } }, LAST_EVENT_ID_HEADER],
        responses: {
          '200': {
            description: 'the log',
            content: { 'text/plain': { schema: { type: 'string' } }, 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...errorResponses('BadRequest', 'NotFound'),
        },
      }),
    },
    '/api/v1/images/builds/{id}/cancel': {
      post: op('Cancel a queued or running build', 'cancelBuild', {
        description: "Stops the engine's build for real; the record becomes `cancelled`. 409 when the build has already ended.",
        parameters: [buildId],
        responses: { '200': { description: 'the record', content: json(schema('BuildRecord')) }, ...errorResponses('BadRequest', 'NotFound', 'Conflict') },
      }),
    },
  };
}
