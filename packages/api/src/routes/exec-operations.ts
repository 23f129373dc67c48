import { WaitCondition } from '@mikrocloud/core';
import Type from 'typebox';
import { defineRoute, jsonContent, schemaRef } from '../route-registry.js';
import { containerRef } from './container-operations.js';

/** Longest wait a request may ask for. */
export const MAX_WAIT_SECONDS = 3600;
/** Most output lines a JSON exec answer keeps. */
export const MAX_EXEC_OUTPUT_LINES = 10_000;
/** Most output bytes (of line text) a JSON exec answer keeps. */
export const MAX_EXEC_OUTPUT_BYTES = 1024 * 1024;

/** The body of `POST /api/v1/containers/{id}/wait`. */
export const WaitRequest = Type.Object(
  {
    condition: Type.Optional(WaitCondition),
    timeout_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_WAIT_SECONDS, description: 'give up with a 504 after this many seconds' })),
  },
  { additionalProperties: false, $id: 'WaitRequest' },
);
export type WaitRequest = Type.Static<typeof WaitRequest>;

const base = '/api/v1/containers';
const tag = 'containers';

/** The exec and wait routes of a container. */
export const execOperations = {
  exec: defineRoute({
    method: 'post',
    path: `${base}/{id}/exec`,
    operationId: 'execInContainer',
    scope: 'operate',
    summary: 'Run a command in a running container',
    description:
      'Runs `command` (argv, no terminal). By default the answer is server-sent events: `event: line` with a LogLine per line of ' +
      'stdout or stderr, then `event: exit` with `{exit_code}` (`null` when the stream closed before the command ended). With ' +
      '`Accept: application/json` it answers once the command has ended: `{exit_code, output}`, the output capped at ' +
      `${MAX_EXEC_OUTPUT_LINES} lines or ${MAX_EXEC_OUTPUT_BYTES} bytes (\`truncated: true\` past it). Either holds one of the ` +
      "server's `server.max_streams` places while it runs. Closing the connection closes the command's output; the engine " +
      'offers no way to kill it, so the command runs on to its end.',
    tag,
    pathParam: containerRef,
    query: {},
    requestBody: { required: true, content: jsonContent(schemaRef('ExecRequest')) },
    responses: {
      '200': {
        description: 'the output and exit code',
        content: {
          'text/event-stream': { schema: { type: 'string' }, 'x-item-schema': schemaRef('LogLine') },
          ...jsonContent(schemaRef('ExecResult')),
        },
      },
    },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'TooManyRequests', 'BadGateway'],
  }),
  wait: defineRoute({
    method: 'post',
    path: `${base}/{id}/wait`,
    operationId: 'waitForContainer',
    scope: 'read',
    summary: 'Wait until a container exits, becomes healthy or is removed',
    description:
      '`exited` (default) answers `{exit_code}`; `healthy` answers `{condition, health}`, or 409 when the container exits or turns ' +
      'unhealthy first and 422 when it has no health check; `removed` answers `{condition}`. Past `timeout_seconds`: 504. ' +
      'Closing the connection ends the wait.',
    tag,
    pathParam: containerRef,
    query: {},
    requestBody: { required: false, content: jsonContent(schemaRef('WaitRequest')) },
    responses: {
      '200': {
        description: 'the condition holds',
        content: jsonContent({ anyOf: [schemaRef('WaitResult'), schemaRef('HealthyWaitResult'), schemaRef('RemovedWaitResult')] }),
      },
    },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'Unprocessable', 'UnsupportedMediaType', 'GatewayTimeout', 'BadGateway'],
  }),
};
