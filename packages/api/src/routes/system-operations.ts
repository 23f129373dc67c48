import { defineRoute, jsonContent, schemaRef } from '../route-registry.js';

const tag = 'system';

/** The system routes: health, the runtime report and the OpenAPI document itself. */
export const systemOperations = {
  health: defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Process and engine health',
    description: 'Open (no token). 200 while the engine answers a ping; 503 while it does not. Either answer proves the process is alive.',
    tag,
    query: {},
    open: true,
    ignoresQuery: true,
    responses: {
      '200': { description: 'the engine answers', content: jsonContent(schemaRef('HealthResponse')) },
      '503': { description: 'the engine does not answer', content: jsonContent(schemaRef('HealthResponse')) },
    },
  }),
  openapi: defineRoute({
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    scope: 'read',
    summary: 'This document',
    tag,
    query: {},
    ignoresQuery: true,
    responses: { '200': { description: 'OpenAPI 3.1 document', content: jsonContent({ type: 'object' }) } },
  }),
  runtimeInfo: defineRoute({
    method: 'get',
    path: '/api/v1/runtime/info',
    operationId: 'getRuntimeInfo',
    scope: 'read',
    summary: 'The container runtime in use',
    tag,
    query: {},
    responses: { '200': { description: 'engine report', content: jsonContent(schemaRef('RuntimeInfoResponse')) } },
  }),
};
