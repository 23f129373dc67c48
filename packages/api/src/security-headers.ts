import { createMiddleware } from 'hono/factory';

/**
 * Headers every answer carries: no MIME sniffing (a log line is never run as script), no
 * framing (no clickjacking of the dashboard), no Referer leaving the server, and a window and
 * resources no other site can hold a reference to or embed.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/** The Content-Security-Policy of answers that are not the dashboard: JSON and logs run nothing. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Middleware that adds {@link SECURITY_HEADERS} and a Content-Security-Policy to every answer,
 * errors included. A handler that set its own (the dashboard's pages) keeps it.
 *
 * @example
 * app.use('*', securityHeaders());
 */
export const securityHeaders = () =>
  createMiddleware(async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of SECURITY_HEADER_ENTRIES) if (!headers.has(name)) headers.set(name, value);
    if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  });
