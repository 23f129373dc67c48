import { defineRoute, jsonContent, schemaRef } from '../route-registry.js';
import { objectNameParam } from './volume-operations.js';

const network = (description: string) => ({ description, content: jsonContent(schemaRef('NetworkInfo')) });
const base = '/api/v1/networks';
const tag = 'networks';
const pathParam = objectNameParam('network');
const connection = { required: true, content: jsonContent(schemaRef('NetworkConnection')) };

/** The network routes: managed networks of this installation only; no other network is ever joined. */
export const networkOperations = {
  list: defineRoute({
    method: 'get',
    path: base,
    operationId: 'listNetworks',
    scope: 'read',
    summary: 'List the networks this installation created',
    tag,
    query: {},
    responses: { '200': { description: 'networks', content: jsonContent({ type: 'array', items: schemaRef('NetworkInfo') }) } },
  }),
  create: defineRoute({
    method: 'post',
    path: base,
    operationId: 'createNetwork',
    scope: 'write',
    summary: 'Create a bridge network',
    description: 'Names follow `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; the engines\' own names (`bridge`, `host`, `none`, ...) are refused.',
    tag,
    query: {},
    requestBody: { required: true, content: jsonContent(schemaRef('NetworkSpec')) },
    responses: { '201': { ...network('created'), headers: { Location: { schema: { type: 'string' }, description: 'URL of the new network' } } } },
    errors: ['BadRequest', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'BadGateway'],
  }),
  inspect: defineRoute({
    method: 'get',
    path: `${base}/{name}`,
    operationId: 'getNetwork',
    scope: 'read',
    summary: 'Inspect a network',
    tag,
    pathParam,
    query: {},
    responses: { '200': network('the network') },
    errors: ['BadRequest', 'NotFound'],
  }),
  remove: defineRoute({
    method: 'delete',
    path: `${base}/{name}`,
    operationId: 'deleteNetwork',
    scope: 'write',
    summary: 'Remove a network (409 while containers are on it)',
    tag,
    pathParam,
    query: {},
    responses: { '204': { description: 'removed' } },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'BadGateway'],
  }),
  connect: defineRoute({
    method: 'post',
    path: `${base}/{name}/connect`,
    operationId: 'connectNetwork',
    scope: 'write',
    summary: 'Put a container on the network',
    tag,
    pathParam,
    query: {},
    requestBody: connection,
    responses: { '204': { description: 'connected' } },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'BadGateway'],
  }),
  disconnect: defineRoute({
    method: 'post',
    path: `${base}/{name}/disconnect`,
    operationId: 'disconnectNetwork',
    scope: 'write',
    summary: 'Take a container off the network',
    tag,
    pathParam,
    query: {},
    requestBody: connection,
    responses: { '204': { description: 'disconnected' } },
    errors: ['BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'BadGateway'],
  }),
};
