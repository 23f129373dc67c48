import {
  ContainerConfig,
  ContainerDetails,
  ContainerHealth,
  ContainerInfo,
  EngineEvent,
  ErrorBody,
  ErrorCodeSchema,
  FieldProblemSchema,
  ExecRequest,
  ExecResult,
  HealthCheck,
  HealthyWaitResult,
  ImageInfo,
  ImagePruneResult,
  PullProgress,
  RegistryAuth,
  LogLine,
  PortBinding,
  RemovedWaitResult,
  RuntimeInfo,
  WaitResult,
} from '@mikrocloud/core';
import Type, { type Static } from 'typebox';
import type { ErrorResponseName, RouteDefinition } from './route-registry.js';
import { containerOperations } from './routes/container-operations.js';
import { execOperations, WaitRequest } from './routes/exec-operations.js';
import { networkOperations } from './routes/network-operations.js';
import { StorageSchemas } from './routes/storage-openapi.js';
import { volumeOperations } from './routes/volume-operations.js';
import { registryOperations } from './routes/registry-operations.js';
import { PullRequest, PushRequest } from './routes/registry.js';
import { eventOperations } from './routes/events-operations.js';
import { imageHousekeepingOperations } from './routes/image-housekeeping-operations.js';
import { systemOperations } from './routes/system-operations.js';
import { engineOperations, onEngine } from './routes/engine-operations.js';

export type { ErrorResponseName } from './route-registry.js';

type JsonObject = Record<string, unknown>;

/** What `GET /api/v1/runtime/info` answers, as a schema. */
export const RuntimeInfoResponse = Type.Object(
  {
    ...RuntimeInfo.properties,
    build_dir: Type.String({ description: 'where builds put their workspaces (build.build_dir, default <data_dir>/builds)' }),
  },
  { $id: 'RuntimeInfoResponse' },
);
/** What `GET /api/v1/runtime/info` answers: the engine's own report plus mikrocloud's settings. */
export type RuntimeInfoResponse = Static<typeof RuntimeInfoResponse>;

/**
 * The routes that act on one engine: served unprefixed (the `default` engine) and under
 * `/api/v1/engines/{engine}`. Builds (`/api/v1/images/build...`) stay on the default engine.
 */
export const ENGINE_SCOPED_OPERATIONS: readonly RouteDefinition[] = [
  systemOperations.runtimeInfo,
  ...Object.values(containerOperations),
  ...Object.values(execOperations),
  ...Object.values(volumeOperations),
  ...Object.values(networkOperations),
  ...Object.values(registryOperations),
  ...Object.values(eventOperations),
  ...Object.values(imageHousekeepingOperations),
];

/** One engine as `GET /api/v1/engines` reports it. */
export const EngineInfo = Type.Object(
  {
    name: Type.String({ description: '`default` is the `[docker]` engine' }),
    runtime: Type.String({ description: '`docker` or `podman`' }),
    reachable: Type.Boolean({ description: 'whether the engine answered within the probe timeout' }),
    version: Type.Optional(Type.String({ description: "the engine's version, when it answered" })),
    reason: Type.Optional(Type.String({ description: 'why it counts as unreachable, when it does' })),
    labels: Type.Record(Type.String(), Type.String(), { description: 'the `labels` of its `[[engines]]` table' }),
  },
  { $id: 'EngineInfo' },
);
/** One engine as `GET /api/v1/engines` reports it. */
export type EngineInfo = Static<typeof EngineInfo>;

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
export const FieldProblem = FieldProblemSchema;

const errorWith = (id: string, details: Parameters<typeof Type.Object>[0]) =>
  Type.Object(
    { error: Type.Object({ code: ErrorCodeSchema, message: Type.String(), details: Type.Object(details) }) },
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
  RuntimeInfoResponse,
  HealthResponse,
  ErrorBody,
  ErrorCode: ErrorCodeSchema,
  FieldProblem,
  ValidationErrorBody,
  MethodNotAllowedBody,
  PayloadTooLargeBody,
  ...StorageSchemas,
  HealthCheck,
  ContainerHealth,
  ExecRequest,
  ExecResult,
  WaitRequest,
  WaitResult,
  HealthyWaitResult,
  RemovedWaitResult,
  ImageInfo,
  RegistryAuth,
  PullProgress,
  PullRequest,
  PushRequest,
  EngineEvent,
  ImagePruneResult,
  EngineInfo,
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
      // `errorMessage` words the validator's message; it is not a JSON Schema keyword.
      if (key === '$id' || key === 'errorMessage') continue;
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

const ref = (name: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

const ERROR_RESPONSES: Record<ErrorResponseName, string> = {
  BadRequest: 'The input is invalid: `details` lists every `{field, message}` at fault (`validation_failed`).',
  Unauthorized: 'A bearer token is required and was missing or wrong (`unauthorized`).',
  Forbidden: "The token lacks the route's scope (`details.missing_scope` names it), or a browser request came from another origin (`Origin`, `Sec-Fetch-Site`; see server.allowed_origins) (`forbidden`).",
  NotFound: 'No such container, or no such route (`not_found`).',
  MethodNotAllowed: 'The path exists but not with this method (`method_not_allowed`); see the Allow header.',
  Conflict: 'The name is taken, or the container is in a state that forbids the call (`conflict`).',
  PayloadTooLarge: 'The body exceeds `server.body_limit_bytes` (`payload_too_large`).',
  UnsupportedMediaType: 'A body that is not application/json (`unsupported_media_type`).',
  MisdirectedRequest: 'The Host header names a host this server does not answer to, see server.allowed_hosts (`misdirected_request`).',
  Unprocessable: 'Well-formed input that cannot be acted on, e.g. an app no buildpack recognises (`unprocessable`).',
  TooManyRequests: 'A bound is reached (live log streams, build queue); retry after the `Retry-After` header (`too_many_requests`).',
  InternalError: 'An unexpected failure; the message is generic and the details are in the server log (`internal_error`).',
  BadGateway: 'The engine answered with an error mikrocloud has no better name for (`runtime_error`).',
  ServiceUnavailable: 'The container engine does not answer (`runtime_unavailable`); retry later.',
  GatewayTimeout: 'The deadline the request set passed first (`timed_out`).',
};

const STATUS_OF: Record<ErrorResponseName, string> = {
  BadRequest: '400',
  Unauthorized: '401',
  Forbidden: '403',
  NotFound: '404',
  MethodNotAllowed: '405',
  Conflict: '409',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  MisdirectedRequest: '421',
  Unprocessable: '422',
  TooManyRequests: '429',
  InternalError: '500',
  BadGateway: '502',
  ServiceUnavailable: '503',
  GatewayTimeout: '504',
};

/** The body schema of each error response whose `details` have a known shape. */
const ERROR_BODY_OF: Partial<Record<ErrorResponseName, keyof typeof COMPONENTS>> = {
  BadRequest: 'ValidationErrorBody',
  MethodNotAllowed: 'MethodNotAllowedBody',
  PayloadTooLarge: 'PayloadTooLargeBody',
};

/**
 * The error responses of an operation, derived from its declaration so that a new route documents
 * them without listing them: every route can answer 405 (another method on its path), 421 (a
 * foreign Host) and 500; one behind a token also 401, 403 (scope, origin) and 503 (engine away);
 * one that checks a query, a path parameter or a body also 400; one with a body also 413 and 415.
 * `route.errors` adds those particular to the route (404, 409, 422, 429, 502).
 */
export function errorResponsesOf(route: Pick<RouteDefinition, 'open' | 'ignoresQuery' | 'pathParam' | 'prefixParams' | 'requestBody' | 'errors'>): JsonObject {
  const names = new Set<ErrorResponseName>(route.errors ?? []);
  if (!route.ignoresQuery || route.pathParam || route.prefixParams?.length || route.requestBody) names.add('BadRequest');
  if (route.requestBody) for (const name of ['PayloadTooLarge', 'UnsupportedMediaType'] as const) names.add(name);
  for (const name of ['MethodNotAllowed', 'MisdirectedRequest', 'InternalError'] as const) names.add(name);
  if (!route.open) for (const name of ['Unauthorized', 'Forbidden', 'ServiceUnavailable'] as const) names.add(name);
  const out: JsonObject = {};
  for (const name of [...names].sort((a, b) => Number(STATUS_OF[a]) - Number(STATUS_OF[b]))) out[STATUS_OF[name]] = { $ref: `#/components/responses/${name}` };
  return out;
}

/** An operation object of the document, from a route's definition. */
function operationOf(route: RouteDefinition): JsonObject {
  const parameters: JsonObject[] = [];
  for (const { name, description, schema } of [...(route.prefixParams ?? []), ...(route.pathParam ? [route.pathParam] : [])]) {
    parameters.push({ name, in: 'path', required: true, description, schema });
  }
  for (const [name, param] of Object.entries(route.query)) {
    parameters.push({
      name,
      in: 'query',
      required: false,
      ...(param.description ? { description: param.description } : {}),
      schema: param.schema ?? { type: 'string' },
      ...(param.many ? { explode: true } : {}),
    });
  }
  parameters.push(...(route.headers ?? []));
  return {
    summary: route.summary,
    operationId: route.operationId,
    tags: [route.tag],
    ...(route.description ? { description: route.description } : {}),
    ...(route.open ? { security: [] } : {}),
    ...(route.scope ? { 'x-mikrocloud-scope': route.scope } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.requestBody ? { requestBody: route.requestBody } : {}),
    // A route's own answer for a status (health's schema'd 503) wins over the shared one.
    responses: { ...route.responses, ...Object.fromEntries(Object.entries(errorResponsesOf(route)).filter(([status]) => !(status in route.responses))) },
  };
}

/** The document's `paths` for a set of route definitions. */
export function pathsOf(routes: readonly RouteDefinition[]): OpenApiPaths {
  const paths: OpenApiPaths = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operationOf(route);
  return paths;
}

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
    ...pathsOf([...Object.values(systemOperations), ...Object.values(engineOperations)]),
    ...pathsOf(ENGINE_SCOPED_OPERATIONS),
    ...pathsOf(ENGINE_SCOPED_OPERATIONS.map(onEngine)),
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
      { name: 'volumes', description: 'managed named volumes' },
      { name: 'networks', description: 'managed networks' },
      { name: 'system', description: 'runtime, health and this document' },
      { name: 'engines', description: 'the engines this server drives; every engine route is also served under /api/v1/engines/{engine}' },
      { name: 'events', description: 'lifecycle events of managed objects' },
    ],
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'required on /api/* when server.token or server.tokens is set. Each operation names the scope it needs in `x-mikrocloud-scope`; read < operate < write < admin, each including the ones before it.',
        },
      },
    },
  };
}
