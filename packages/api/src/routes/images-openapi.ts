import { BUILD_ID_PATTERN, BUILD_STATUSES, DetectedBuildpackSchema, type BuildStatus } from '@mikrocloud/buildpacks';
import { ValidationError } from '@mikrocloud/core';
import type { Context } from 'hono';
import { pathsOf, type OpenApiPaths } from '../openapi.js';
import { booleanParam, described, integerParam, type QueryParam } from '../query.js';
import { defineRoute, jsonContent, LAST_EVENT_ID_HEADER, schemaRef, type PathParam } from '../route-registry.js';

const buildIdPattern = new RegExp(BUILD_ID_PATTERN);
const STATUSES: readonly BuildStatus[] = BUILD_STATUSES;

const buildId: PathParam = {
  name: 'id',
  description: 'build id',
  schema: { type: 'string', pattern: BUILD_ID_PATTERN },
  read(c: Context) {
    const id = c.req.param('id') ?? '';
    if (!buildIdPattern.test(id)) throw ValidationError.field('id', 'is not a valid build id');
    return id;
  },
};

const statusParam: QueryParam<BuildStatus> = {
  schema: { type: 'string', enum: [...STATUSES] },
  parse: (raw) => ((STATUSES as readonly string[]).includes(raw) ? { value: raw as BuildStatus } : { error: `must be one of ${STATUSES.join(', ')}` }),
};

// Inline (as inside BuildRecord), so the document needs no component beyond BuildRequest and BuildRecord.
const { $id: _detectedId, ...detectedSchema } = JSON.parse(JSON.stringify(DetectedBuildpackSchema)) as Record<string, unknown>;
const record = (description: string) => ({ description, content: jsonContent(schemaRef('BuildRecord')) });
const buildRequest = { required: true, content: jsonContent(schemaRef('BuildRequest')) };
const base = '/api/v1/images';
const tag = 'images';

/** The image-build routes: what each checks and answers, for the server and the OpenAPI document alike. */
export const imageOperations = {
  build: defineRoute({
    method: 'post',
    path: `${base}/build`,
    operationId: 'buildImage',
    scope: 'write',
    summary: 'Build an image from a git repository',
    description:
      'Validates the whole request (400 naming the field) before anything is cloned, stores a `queued` record and answers 202. With `?wait=true` it answers 200 with the final record when the build ends.',
    tag,
    query: { wait: described(booleanParam, 'answer when the build has ended, with the final record') },
    requestBody: buildRequest,
    responses: { '200': record('the finished build (`?wait=true`)'), '202': record('the build is queued') },
    errors: ['BadRequest', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'TooManyRequests'],
  }),
  plan: defineRoute({
    method: 'post',
    path: `${base}/plan`,
    operationId: 'planImage',
    scope: 'write',
    summary: 'Show what a build would do, without building',
    description:
      "Same body as a build. Checks the repository out into a throw-away workspace and answers the buildpack's plan (for nixpacks: the provider detected and from which files, the install/build/start commands and where each came from, base images, variables with secrets masked, the generated Dockerfile). 422 when no provider recognises the app, or for buildpacks that have no plan.",
    tag,
    query: {},
    requestBody: buildRequest,
    responses: {
      '200': {
        description: 'the plan',
        content: jsonContent({
          type: 'object',
          required: ['commit', 'buildpack_type', 'plan'],
          properties: {
            commit: { type: 'string' },
            buildpack_type: { type: 'string' },
            detected: { ...detectedSchema, description: 'for `auto`: the buildpack it chose and why; for nixpacks, the provider too' },
            plan: { type: ['object', 'null'], description: "the buildpack's plan (for `auto`, the chosen buildpack's; null when it chose one that builds what the repository describes)" },
          },
        }),
      },
    },
    errors: ['BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unprocessable', 'TooManyRequests'],
  }),
  list: defineRoute({
    method: 'get',
    path: `${base}/builds`,
    operationId: 'listBuilds',
    scope: 'read',
    summary: 'List builds, newest first',
    tag,
    query: { status: described(statusParam, 'only builds in this state'), limit: described(integerParam(1, 10_000), 'at most this many') },
    responses: { '200': { description: 'build records', content: jsonContent({ type: 'array', items: schemaRef('BuildRecord') }) } },
    errors: ['BadRequest'],
  }),
  get: defineRoute({
    method: 'get',
    path: `${base}/builds/{id}`,
    operationId: 'getBuild',
    scope: 'read',
    summary: 'One build record',
    tag,
    pathParam: buildId,
    query: {},
    responses: { '200': record('the record') },
    errors: ['BadRequest', 'NotFound'],
  }),
  logs: defineRoute({
    method: 'get',
    path: `${base}/builds/{id}/logs`,
    operationId: 'getBuildLogs',
    scope: 'read',
    summary: "A build's log",
    description:
      'Plain text, one line per log line. With `Accept: text/event-stream` (or `?follow=true`) the stream stays open and sends live lines until the build ends, then `event: end` with the final status. Each SSE event has `id:` set to its line number (from 1); a client reconnecting with `Last-Event-ID` resumes after that line.',
    tag,
    pathParam: buildId,
    query: { follow: described(booleanParam, 'keep streaming until the build ends (default: false for text, true for SSE)') },
    headers: [LAST_EVENT_ID_HEADER],
    responses: {
      '200': { description: 'the log', content: { 'text/plain': { schema: { type: 'string' } }, 'text/event-stream': { schema: { type: 'string' } } } },
    },
    errors: ['BadRequest', 'NotFound', 'TooManyRequests'],
  }),
  cancel: defineRoute({
    method: 'post',
    path: `${base}/builds/{id}/cancel`,
    operationId: 'cancelBuild',
    scope: 'operate',
    summary: 'Cancel a queued or running build',
    description: "Stops the engine's build for real; the record becomes `cancelled`. 409 when the build has already ended.",
    tag,
    pathParam: buildId,
    query: {},
    responses: { '200': record('the record') },
    errors: ['BadRequest', 'NotFound', 'Conflict'],
  }),
};

/** OpenAPI paths of the image-build routes (mounted at `/api/v1/images`). */
export function imagesOpenApiPaths(): OpenApiPaths {
  return pathsOf(Object.values(imageOperations));
}
