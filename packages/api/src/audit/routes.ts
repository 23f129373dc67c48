import { Hono } from 'hono';
import { pathsOf, type OpenApiPaths } from '../openapi.js';
import { described, integerParam, type QueryParam } from '../query.js';
import { addRoute, defineRoute, jsonContent, schemaRef } from '../route-registry.js';
import { AuditEntry, AuditPage, type AuditStore } from './store.js';

const OUTCOME_PATTERN = '^([1-5][0-9]{2}|[1-5]xx|success|failure|refused)$';
const outcomeParam: QueryParam<string> = {
  schema: { type: 'string', pattern: OUTCOME_PATTERN },
  parse: (raw) => (new RegExp(OUTCOME_PATTERN).test(raw) ? { value: raw } : { error: 'must be a status (403), a class (4xx), success, failure or refused' }),
};
const tokenNameParam: QueryParam<string> = {
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{0,62}$' },
  parse: (raw) => (/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(raw) ? { value: raw } : { error: 'must be a token name (or anonymous)' }),
};

/** The audit route: what it checks and answers, for the server and the OpenAPI document alike. */
export const auditOperations = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/audit',
    operationId: 'listAudit',
    summary: 'The audit trail, newest first',
    description:
      'Every state-changing request and every refused one (401, 403, 421, 429): time, token name, method, route pattern, target, status and request id. ' +
      'Page back with `before` = the previous page\'s `next_before`.',
    tag: 'system',
    scope: 'admin',
    query: {
      limit: described(integerParam(1, 1000), 'entries per page (default 100)'),
      before: described(integerParam(1, Number.MAX_SAFE_INTEGER), 'only entries older than this id (the cursor)'),
      token: described(tokenNameParam, 'only requests made with this token (`anonymous`: without one)'),
      outcome: described(outcomeParam, 'a status (`403`), a class (`4xx`), `success` (< 400), `failure` (>= 400) or `refused` (401, 403, 421, 429)'),
    },
    responses: { '200': { description: 'a page of entries', content: jsonContent(schemaRef('AuditPage')) } },
    errors: ['BadRequest'],
  }),
};

/** `GET /api/v1/audit`, to mount at `/api/v1/audit`. */
export function auditRoutes(store: AuditStore): Hono {
  const app = new Hono();
  addRoute(app, '/api/v1/audit', auditOperations.list, (c, { query }) => c.json(store.list(query)));
  return app;
}

/** The OpenAPI paths and schemas of the audit route. */
export function auditOpenApi(): { paths: OpenApiPaths; schemas: Record<string, unknown> } {
  return { paths: pathsOf(Object.values(auditOperations)), schemas: { AuditEntry, AuditPage } };
}
