import type { Context } from 'hono';
import { booleanParam, CONTAINER_REF_PATTERN, containerRefParam, described, integerParam, labelParam, timeParam } from '../query.js';
import { defineRoute, jsonContent, LAST_EVENT_ID_HEADER, schemaRef, type PathParam } from '../route-registry.js';

/** Longest stop grace period a request may ask for. */
const MAX_TIMEOUT_SECONDS = 3600;
const timeoutQuery = { timeout: described(integerParam(0, MAX_TIMEOUT_SECONDS), 'seconds to wait after SIGTERM before SIGKILL') };

/** The `{id}` of every container route. */
export const containerRef: PathParam = {
  name: 'id',
  description: 'container id, unique id prefix, or name',
  schema: { type: 'string', pattern: CONTAINER_REF_PATTERN, maxLength: 128 },
  read: (c: Context) => containerRefParam(c),
};

const details = (description: string) => ({ description, content: jsonContent(schemaRef('ContainerDetails')) });
const base = '/api/v1/containers';
const tag = 'containers';

/** The container routes: what each checks and answers, for the server and the OpenAPI document alike. */
export const containerOperations = {
  list: defineRoute({
    method: 'get',
    path: base,
    operationId: 'listContainers',
    scope: 'read',
    summary: 'List containers',
    tag,
    query: {
      all: described(booleanParam, 'include containers mikrocloud did not create (400 unless `[server] expose_unmanaged = true`)'),
      label: described(labelParam, 'only containers with this label (key=value); repeatable'),
    },
    responses: { '200': { description: 'containers', content: jsonContent({ type: 'array', items: schemaRef('ContainerInfo') }) } },
    errors: ['BadRequest'],
  }),
  create: defineRoute({
    method: 'post',
    path: base,
    operationId: 'createContainer',
    scope: 'write',
    summary: 'Create a container (not started)',
    tag,
    query: {},
    requestBody: { required: true, content: jsonContent(schemaRef('ContainerConfig')) },
    responses: {
      '201': { ...details('created'), headers: { Location: { schema: { type: 'string' }, description: 'URL of the new container' } } },
    },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'BadGateway'],
  }),
  inspect: defineRoute({
    method: 'get',
    path: `${base}/{id}`,
    operationId: 'getContainer',
    scope: 'read',
    summary: 'Inspect a container',
    tag,
    pathParam: containerRef,
    query: {},
    responses: { '200': details('the container') },
    errors: ['BadRequest', 'NotFound'],
  }),
  remove: defineRoute({
    method: 'delete',
    path: `${base}/{id}`,
    operationId: 'deleteContainer',
    scope: 'write',
    summary: 'Remove a container, stopping it first when it runs',
    tag,
    pathParam: containerRef,
    query: timeoutQuery,
    responses: { '204': { description: 'removed' } },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'BadGateway'],
  }),
  start: defineRoute({
    method: 'post',
    path: `${base}/{id}/start`,
    operationId: 'startContainer',
    scope: 'operate',
    summary: 'Start a container',
    tag,
    pathParam: containerRef,
    query: {},
    responses: { '200': details('the container, running') },
    // 422: the engine cannot execute the command.
    errors: ['BadRequest', 'NotFound', 'Conflict', 'Unprocessable', 'BadGateway'],
  }),
  stop: defineRoute({
    method: 'post',
    path: `${base}/{id}/stop`,
    operationId: 'stopContainer',
    scope: 'operate',
    summary: 'Stop a container',
    tag,
    pathParam: containerRef,
    query: timeoutQuery,
    responses: { '200': details('the container, stopped') },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'BadGateway'],
  }),
  restart: defineRoute({
    method: 'post',
    path: `${base}/{id}/restart`,
    operationId: 'restartContainer',
    scope: 'operate',
    summary: 'Restart a container',
    tag,
    pathParam: containerRef,
    query: timeoutQuery,
    responses: { '200': details('the container, running again') },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'Unprocessable', 'BadGateway'],
  }),
  logs: defineRoute({
    method: 'get',
    path: `${base}/{id}/logs`,
    operationId: 'getContainerLogs',
    scope: 'read',
    summary: 'Container output',
    description:
      'text/plain by default: one line per log line (prefixed with the engine timestamp when `timestamps=true`). ' +
      'With `Accept: text/event-stream` the stream follows live (unless `follow=false`): each line is an SSE `data:` event ' +
      'holding a LogLine, with `id: <engine timestamp>#<n>` (the n-th line with that timestamp); a client reconnecting with ' +
      '`Last-Event-ID` resumes after that line (tail and since are then ignored). The stream ends with `event: end`. ' +
      'Closing the connection closes the engine stream.',
    tag,
    pathParam: containerRef,
    query: {
      tail: described(integerParam(0, 1_000_000), 'only the last N lines'),
      since: described(timeParam, 'only lines at or after this time: UNIX seconds or ISO 8601'),
      timestamps: described(booleanParam, 'include engine timestamps'),
      stdout: described(booleanParam, 'include standard output (default true)'),
      stderr: described(booleanParam, 'include standard error (default true)'),
      follow: described(booleanParam, 'keep streaming new lines (default: false for text, true for SSE)'),
    },
    headers: [LAST_EVENT_ID_HEADER],
    responses: {
      '200': {
        description: 'the log lines',
        content: {
          'text/plain': { schema: { type: 'string' } },
          'text/event-stream': {
            // Each event's `data:` is one LogLine as JSON (an annotation: the stream itself is text).
            schema: { type: 'string', contentMediaType: 'application/json', contentSchema: schemaRef('LogLine') },
            'x-item-schema': schemaRef('LogLine'),
          },
        },
      },
    },
    errors: ['BadRequest', 'NotFound', 'TooManyRequests', 'BadGateway'],
  }),
};
