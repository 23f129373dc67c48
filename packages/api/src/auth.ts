import { timingSafeEqual } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { tokenDigest as digest } from './auth/tokens.js';
import { unauthorized } from './http-errors.js';

/**
 * Whether `presented` equals `expected`, in time that does not depend on where they differ.
 * Both sides are hashed first so the buffers compared always have the same length and the
 * token's length does not leak either.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Middleware that requires `Authorization: Bearer <token>`; anything else is a 401 with
 * `WWW-Authenticate: Bearer`. The token is never logged or echoed. One all-powerful token; the
 * server itself uses `authorize` (named tokens with scopes).
 *
 * @example
 * app.use('/api/*', bearerAuth({ token: config.server.token }));
 */
export const bearerAuth = (options: { token: string }) => {
  const expected = digest(options.token);
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1] ?? ''), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="mikrocloud"');
      throw unauthorized();
    }
    await next();
  });
};
