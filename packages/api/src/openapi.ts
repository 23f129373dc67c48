import { ContainerConfig, ContainerDetails, ContainerInfo, ErrorBody, LogLine, PortBinding, RuntimeInfo } from '@mikrocloud/core';
import Type, { type Static } from 'typebox';
import { CONTAINER_REF_PATTERN } from './query.js';

type JsonObject = Record<string, unknown>;

/** What `GET /api/v1/runtime/info` answers, as a schema. */
export const RuntimeInfoResponse = Type.Object(
  {
    ...RuntimeInfo.properties,
    build_dir: Type.String({ description: 'docker.build_dir from the configuration' }),
  },
  { $id: 'RuntimeInfoResponse' },
);
/** What `GET /api/v1/runtime/info` answers: the engine's own report plus mikrocloud's settings. */
export type RuntimeInfoResponse = Static<typeof RuntimeInfoResponse>;

/** What `GET /health` answers, as a schema. */
export const HealthResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    engine: Type.Object({ reachable: Type.Boolean(), runtime: Type.String() }),
  },
  { $id: 'HealthResponse' },
);
/** What `GET /health` answers. */
export type HealthResponse = Static<typeof HealthResponse>;

/** One entry of a 400's `details`. */
export const FieldProblem = Type.Object({ field: Type.String(), message: Type.String() }, { $id: 'FieldProblem' });

const errorWith = (id: string, details: Parameters<typeof Type.Object>[0]) =>
  Type.Object(
    { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Object(details) }) },
    { $id: id },
  );

/** A 400's body: `details` lists every field at fault. */
export const ValidationErrorBody = Type.Object(
  { error: Type.Object({ code: Type.Literal('validation_failed'), message: Type.String(), details: Type.Array(FieldProblem) }) },
  { $id: 'ValidationErrorBody' },
);
/** A 405's body: `details.allowed` repeats the Allow header. */
export const MethodNotAllowedBody = errorWith('MethodNotAllowedBody', { allowed: Type.Array(Type.String()) });
/** A 413's body: `details.limit_bytes` is `server.body_limit_bytes`. */
export const PayloadTooLargeBody = errorWith('PayloadTooLargeBody', { limit_bytes: Type.Integer() });

/** The schemas the document names, by component name. Each is the very schema the code validates with. */
const COMPONENTS = {
  ContainerConfig,
  ContainerInfo,
  ContainerDetails,
  PortBinding,
  LogLine,
  RuntimeInfo,
  RuntimeInfoResponse,
  HealthResponse,
  ErrorBody,
  FieldProblem,
  ValidationErrorBody,
  MethodNotAllowedBody,
  PayloadTooLargeBody,
} as const;

/**
 * A TypeBox schema as plain JSON Schema: TypeBox's own markers dropped (they are non-enumerable),
 * `$id`s removed, and any nested schema that is a component replaced by a `$ref` to it.
 */
function toJsonSchema(schema: unknown, top: boolean): unknown {
  const plain = JSON.parse(JSON.stringify(schema)) as unknown;
  const walk = (node: unknown, isTop: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (node === null || typeof node !== 'object') return node;
    const obj = node as JsonObject;
    const id = obj.$id;
    if (!isTop && typeof id === 'string' && id in COMPONENTS) return { $ref: `#/components/schemas/${id}` };
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(obj)) {
      if (key === '$id') continue;
      // Property names and examples are data, not schemas: copy them without rewriting.
      if (key === 'properties' && value && typeof value === 'object') {
        out[key] = Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, walk(v, false)]));
      } else if (key === 'examples' || key === 'const' || key === 'enum' || key === 'default') {
        out[key] = value;
      } else {
        out[key] = walk(value, false);
      }
    }
    return out;
  };
  return walk(plain, top);
}

export const ref = (name: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: unknown) => ({ 'application/json': { schema } });

const ERROR_RESPONSES = {
  BadRequest: 'The input is invalid: `details` lists every `{field, message}` at fault (`validation_failed`).',
  Unauthorized: 'A bearer token is required and was missing or wrong (`unauthorized`).',
  NotFound: 'No such container, or no such route (`not_found`).',
  MethodNotAllowed: 'The path exists but not with this method (`method_not_allowed`); see the Allow header.',
  Conflict: 'The name is taken, or the container is in a state that forbids the call (`conflict`).',
  PayloadTooLarge: 'The body exceeds `server.body_limit_bytes` (`payload_too_large`).',
  UnsupportedMediaType: 'A body that is not application/json (`unsupported_media_type`).',
  Unprocessable: 'Well-formed input that cannot be acted on, e.g. an app no buildpack recognises (`unprocessable`).',
  InternalError: 'An unexpected failure; the message is generic and the details are in the server log (`internal_error`).',
  BadGateway: 'The engine answered with an error mikrocloud has no better name for (`runtime_error`).',
  ServiceUnavailable: 'The container engine does not answer (`runtime_unavailable`); retry later.',
} as const;
/** The name of a shared error response (`#/components/responses/<name>`). */
export type ErrorResponseName = keyof typeof ERROR_RESPONSES;

const STATUS_OF: Record<ErrorResponseName, string> = {
  BadRequest: '400',
  Unauthorized: '401',
  NotFound: '404',
  MethodNotAllowed: '405',
  Conflict: '409',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  Unprocessable: '422',
  InternalError: '500',
  BadGateway: '502',
  ServiceUnavailable: '503',
};

/** The body schema of each error response whose `details` have a known shape. */
const ERROR_BODY_OF: Partial<Record<ErrorResponseName, keyof typeof COMPONENTS>> = {
  BadRequest: 'ValidationErrorBody',
  MethodNotAllowed: 'MethodNotAllowedBody',
  PayloadTooLarge: 'PayloadTooLargeBody',
};

/**
 * The error responses of an operation: the ones named, plus those every route can answer
 * (401 without a token, 405 for another method on its path, 500, 503 while the engine is away).
 */
export function errorResponses(...names: ErrorResponseName[]): JsonObject {
  const always: ErrorResponseName[] = ['Unauthorized', 'MethodNotAllowed', 'InternalError', 'ServiceUnavailable'];
  const out: JsonObject = {};
  for (const name of [...names, ...always]) out[STATUS_OF[name]] = { $ref: `#/components/responses/${name}` };
  return out;
}

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'container id, unique id prefix, or name',
  schema: { type: 'string', pattern: CONTAINER_REF_PATTERN, maxLength: 128 },
};
const query = (name: string, schema: JsonObject, description: string) => ({ name, in: 'query', required: false, description, schema });
const timeoutParam = query('timeout', { type: 'integer', minimum: 0, maximum: 3600 }, 'seconds to wait after SIGTERM before SIGKILL');
const boolean = { type: 'boolean' };

function op(summary: string, operationId: string, rest: JsonObject): JsonObject {
  return { summary, operationId, tags: [operationId.includes('Container') ? 'containers' : 'system'], ...rest };
}

/** The header an `EventSource` sends when it reconnects to a log stream. */
export const LAST_EVENT_ID_HEADER = {
  name: 'Last-Event-ID',
  in: 'header',
  required: false,
  description: 'SSE only: the `id` of the last event received; the stream resumes after it (400 when it is not an id of this stream)',
  schema: { type: 'string' },
};

const detailsOk = (description: string) => ({ description, content: json(ref('ContainerDetails')) });

/** Extra paths (from a mounted sub-app) to merge into the document. */
export type OpenApiPaths = Record<string, Record<string, unknown>>;

export interface OpenApiOptions {
  /** Package version shown in `info.version`. */
  version?: string;
  /** Paths contributed by mounted sub-apps (for example the image build routes). */
  paths?: OpenApiPaths;
  /** Extra component schemas the extra paths refer to. */
  schemas?: Record<string, unknown>;
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same TypeBox schemas the routes
 * validate with (TypeBox schemas are JSON Schema, which OpenAPI 3.1 uses as is).
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): JsonObject {
  const schemas: JsonObject = {};
  for (const [name, schema] of Object.entries(COMPONENTS)) schemas[name] = toJsonSchema(schema, true);
  for (const [name, schema] of Object.entries(options.schemas ?? {})) schemas[name] = toJsonSchema(schema, true);

  const responses: JsonObject = {};
  for (const [name, description] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = { description, content: json(ref(ERROR_BODY_OF[name as ErrorResponseName] ?? 'ErrorBody')) };
  }

  const paths: JsonObject = {
    '/health': {
      get: op('Process and engine health', 'getHealth', {
        description:
          'Open (no token). 200 while the engine answers a ping; 503 while it does not. Either answer proves the process is alive.',
        security: [],
        responses: {
          '200': { description: 'the engine answers', content: json(ref('HealthResponse')) },
          '503': { description: 'the engine does not answer', content: json(ref('HealthResponse')) },
        },
      }),
    },
    '/api/v1/openapi.json': {
      get: op('This document', 'getOpenApi', {
        responses: { '200': { description: 'OpenAPI 3.1 document', content: json({ type: 'object' }) }, ...errorResponses() },
      }),
    },
    '/api/v1/runtime/info': {
      get: op('The container runtime in use', 'getRuntimeInfo', {
        responses: { '200': { description: 'engine report', content: json(ref('RuntimeInfoResponse')) }, ...errorResponses() },
      }),
    },
    '/api/v1/containers': {
      get: op('List containers', 'listContainers', {
        parameters: [
          query('all', boolean, 'include containers mikrocloud did not create'),
          { ...query('label', { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*=' } }, 'only containers with this label (key=value); repeatable'), explode: true },
        ],
        responses: {
          '200': { description: 'containers', content: json({ type: 'array', items: ref('ContainerInfo') }) },
          ...errorResponses('BadRequest'),
        },
      }),
      post: op('Create a container (not started)', 'createContainer', {
        requestBody: { required: true, content: json(ref('ContainerConfig')) },
        responses: {
          '201': {
            ...detailsOk('created'),
            headers: { Location: { schema: { type: 'string' }, description: 'URL of the new container' } },
          },
          ...errorResponses('BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'BadGateway'),
        },
      }),
    },
    '/api/v1/containers/{id}': {
      parameters: [idParam],
      get: op('Inspect a container', 'getContainer', {
        responses: { '200': detailsOk('the container'), ...errorResponses('BadRequest', 'NotFound') },
      }),
      delete: op('Remove a container, stopping it first when it runs', 'deleteContainer', {
        parameters: [timeoutParam],
        responses: { '204': { description: 'removed' }, ...errorResponses('BadRequest', 'NotFound', 'Conflict', 'BadGateway') },
      }),
    },
    '/api/v1/containers/{id}/start': {
      parameters: [idParam],
      post: op('Start a container', 'startContainer', {
        responses: { '200': detailsOk('the container, running'), ...errorResponses('BadRequest', 'NotFound', 'Conflict', 'Unprocessable', 'BadGateway') },
      }),
    },
    '/api/v1/containers/{id}/stop': {
      parameters: [idParam],
      post: op('Stop a container', 'stopContainer', {
        parameters: [timeoutParam],
        responses: { '200': detailsOk('the container, stopped'), ...errorResponses('BadRequest', 'NotFound', 'Conflict', 'BadGateway') },
      }),
    },
    '/api/v1/containers/{id}/restart': {
      parameters: [idParam],
      post: op('Restart a container', 'restartContainer', {
        parameters: [timeoutParam],
        responses: { '200': detailsOk('the container, running again'), ...errorResponses('BadRequest', 'NotFound', 'Conflict', 'Unprocessable', 'BadGateway') },
      }),
    },
    '/api/v1/containers/{id}/logs': {
      parameters: [idParam],
      get: op('Container output', 'getContainerLogs', {
        description:
          'text/plain by default: one line per log line (prefixed with the engine timestamp when `timestamps=true`). ' +
          'With `Accept: text/event-stream` the stream follows live (unless `follow=false`): each line is an SSE `data:` event ' +
          'holding a LogLine, with `id: <engine timestamp>#<n>` (the n-th line with that timestamp); a client reconnecting with ' +
          '`Last-Event-ID` resumes after that line (tail and since are then ignored). The stream ends with `event: end`. Closing the connection closes the engine stream.',
        parameters: [
          query('tail', { type: 'integer', minimum: 0, maximum: 1_000_000 }, 'only the last N lines'),
          query('since', { type: 'string' }, 'only lines at or after this time: UNIX seconds or ISO 8601'),
          query('timestamps', boolean, 'include engine timestamps'),
          query('stdout', boolean, 'include standard output (default true)'),
          query('stderr', boolean, 'include standard error (default true)'),
          query('follow', boolean, 'keep streaming new lines (default: false for text, true for SSE)'),
          LAST_EVENT_ID_HEADER,
        ],
        responses: {
          '200': {
            description: 'the log lines',
            content: {
              'text/plain': { schema: { type: 'string' } },
              'text/event-stream': { schema: { type: 'string' }, 'x-item-schema': ref('LogLine') },
            },
          },
          ...errorResponses('BadRequest', 'NotFound', 'BadGateway'),
        },
      }),
    },
    ...(options.paths ?? {}),
  };

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'mikrocloud',
      version: options.version ?? '0.0.0',
      description: 'Container management and image builds on Docker and Podman. Bodies are snake_case JSON.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'containers', description: 'container lifecycle' },
      { name: 'system', description: 'runtime, health and this document' },
    ],
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'required on /api/* when server.token is set' },
      },
    },
  };
}
