import { isMikrocloudError } from '@mikrocloud/core';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { tokenNameOf } from '../auth/authorize.js';
import type { Logger } from '../logger.js';
import { matchedRoute, pathParams } from '../matched-route.js';
import { requestIdOf } from '../request-id.js';
import { REFUSED_STATUSES, type AuditRecord, type AuditStore } from './store.js';

/** Methods that change state: every request with one is recorded, whatever its answer. */
export const STATE_CHANGING_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Options of {@link auditTrail}. */
export interface AuditTrailOptions {
  store: AuditStore;
  /** Where a failure to record goes (the request itself is answered anyway). */
  logger: Logger;
}

const REFUSED = new Set<number>(REFUSED_STATUSES);
const STATE_CHANGING = new Set<string>(STATE_CHANGING_METHODS);

/** A path value fit for the record: printable and bounded. */
function printable(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 128 ? clean.slice(0, 128) : clean;
}

/** What the audit trail keeps of a request: never a header, a body or a query string. */
export function auditRecordOf(c: Context, time: Date): AuditRecord {
  const route = matchedRoute(c);
  const paramName = route?.definition?.pathParam?.name;
  const target = route && paramName ? pathParams(route.pattern, c.req.path)[paramName] : undefined;
  const status = c.res.status;
  const error = status < 400 ? null : c.error && isMikrocloudError(c.error) ? c.error.code : errorCodeOf(status);
  return {
    time: time.toISOString(),
    request_id: requestIdOf(c),
    token: tokenNameOf(c),
    method: c.req.method,
    route: route?.pattern ?? '*',
    target: target === undefined ? null : printable(target),
    status,
    error,
  };
}

function errorCodeOf(status: number): string {
  return { 404: 'not_found', 405: 'method_not_allowed' }[status] ?? (status >= 500 ? 'internal_error' : 'error');
}

/**
 * Middleware that records every state-changing request (POST, PUT, PATCH, DELETE) and every
 * refused one (401, 403, 421, 429), whatever its method, once it is answered: time, token name,
 * method, route pattern, target, status, error code and request id. Place it before the checks
 * whose refusals it should see. A failure to record is logged; the answer is not changed.
 *
 * @example
 * app.use('*', auditTrail({ store: openAuditStore({ file: ':memory:' }), logger }));
 */
export const auditTrail = (options: AuditTrailOptions) =>
  createMiddleware(async (c, next) => {
    const time = new Date();
    await next();
    if (!STATE_CHANGING.has(c.req.method) && !REFUSED.has(c.res.status)) return;
    try {
      options.store.record(auditRecordOf(c, time));
    } catch (err) {
      options.logger.error('audit record failed', { request_id: requestIdOf(c), error: err instanceof Error ? err.message : String(err) });
    }
  });
