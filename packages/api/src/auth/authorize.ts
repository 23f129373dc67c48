import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '@mikrocloud/core';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { unauthorized } from '../http-errors.js';
import { matchedRoute } from '../matched-route.js';
import { scopeGrants, type Scope } from './scopes.js';
import { tokenDigest, type ApiToken } from './tokens.js';

/** The name recorded for a request that presented no valid token. */
export const ANONYMOUS = 'anonymous';

/** Options of {@link authorize}. */
export interface AuthorizeOptions {
  /** The accepted tokens ({@link loadTokens}). Empty: no authentication, every scope (loopback use). */
  tokens: readonly ApiToken[];
}

const tokenNames = new WeakMap<Context, string>();

/** The name of the token a request was authenticated with, or `anonymous`. */
export function tokenNameOf(c: Context): string {
  return tokenNames.get(c) ?? ANONYMOUS;
}

/** The token whose digest matches, comparing against every token in constant time each. */
function findToken(tokens: readonly ApiToken[], presented: string): ApiToken | undefined {
  const digest = tokenDigest(presented);
  let found: ApiToken | undefined;
  for (const token of tokens) if (timingSafeEqual(digest, token.sha256) && !found) found = token;
  return found;
}

/**
 * Middleware that authenticates (`Authorization: Bearer <token>`; 401 with `WWW-Authenticate`
 * otherwise) and authorizes: the route a request matched declares its scope (`scope` in its
 * route definition) and a token without it gets 403 `forbidden` naming the missing scope. A
 * route registered without a definition needs `admin`. With no tokens configured every request
 * passes. Tokens are never logged or echoed.
 *
 * @example
 * app.use('/api/*', authorize({ tokens: loadTokens(config) }));
 */
export const authorize = (options: AuthorizeOptions) => {
  const tokens = [...options.tokens];
  return createMiddleware(async (c, next) => {
    if (tokens.length === 0) return next();
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '');
    const token = match ? findToken(tokens, match[1] ?? '') : undefined;
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="mikrocloud"');
      throw unauthorized();
    }
    tokenNames.set(c, token.name);
    const route = matchedRoute(c);
    // No route matched: the answer is a 404 or 405, which any valid token may see.
    if (route) {
      const required: Scope = route.definition?.scope ?? 'admin';
      if (!scopeGrants(token.scopes, required)) {
        throw new ForbiddenError(`token "${token.name}" lacks the "${required}" scope this route requires`, {
          details: { missing_scope: required, token: token.name },
        });
      }
    }
    await next();
  });
};
