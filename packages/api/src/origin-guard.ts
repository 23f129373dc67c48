// Keeps browsers from driving the API: a page on another site may send requests to a loopback
// server (simple POSTs need no preflight, `mode: 'no-cors'` needs no CORS) and, through DNS
// rebinding, read its answers. The Host, Origin and Sec-Fetch-Site headers tell such requests apart.
import { ForbiddenError, MisdirectedRequestError } from '@mikrocloud/core';
import { createMiddleware } from 'hono/factory';

/** Host names every server answers to, on any port. */
export const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Options of {@link originGuard}. */
export interface OriginGuardOptions {
  /**
   * Host header values accepted besides {@link LOOPBACK_HOST_NAMES}: `name` (any port) or
   * `name:port`. IPv6 addresses with or without brackets.
   */
  allowedHosts?: readonly string[];
  /** Browser origins (`scheme://host[:port]`) accepted besides the server's own. */
  allowedOrigins?: readonly string[];
}

/** A Host value split into a lower-case name (IPv6 in brackets) and its port, if any. */
function splitHost(value: string): { name: string; port: string | undefined } | undefined {
  const text = value.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::([0-9]{1,5}))?$/.exec(text);
  if (match?.[1]) return { name: match[1], port: match[2] };
  // A bare IPv6 address (as a configuration may name it).
  if (/^[0-9a-f:.]+$/.test(text) && text.includes(':')) return { name: `[${text}]`, port: undefined };
  return undefined;
}

/** A printable, bounded copy of a header value for an error message. */
function shown(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 100 ? `${clean.slice(0, 100)}...` : clean;
}

/** `scheme://host[:port]` of an Origin value, lower-case, default port dropped; undefined when it is not one. */
function normaliseOrigin(value: string): string | undefined {
  if (!/^https?:\/\/[^/?#]+$/i.test(value)) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * Middleware that answers 421 (`misdirected_request`) when the request's Host is not one the
 * server answers to, and 403 (`forbidden`) when a browser sent it from another origin: an
 * `Origin` that is neither the server's own (the Host it was reached at, over http or https) nor
 * allowed, `Origin: null`, or `Sec-Fetch-Site: cross-site`/`same-site` without an allowed
 * origin. Clients that are not browsers (curl, SDKs) send none of these headers and pass.
 *
 * @example
 * app.use('*', originGuard({ allowedHosts: ['mikrocloud.internal'], allowedOrigins: ['https://ui.example'] }));
 */
export const originGuard = (options: OriginGuardOptions = {}) => {
  const anyPort = new Set<string>(LOOPBACK_HOST_NAMES);
  const exact = new Set<string>();
  for (const entry of options.allowedHosts ?? []) {
    const host = splitHost(entry);
    if (!host) throw new TypeError(`allowedHosts: "${entry}" is not a host name, address or host:port`);
    if (host.port === undefined) anyPort.add(host.name);
    else exact.add(`${host.name}:${Number(host.port)}`);
  }
  const origins = new Set<string>();
  for (const entry of options.allowedOrigins ?? []) {
    const origin = normaliseOrigin(entry);
    if (!origin) throw new TypeError(`allowedOrigins: "${entry}" is not an origin (scheme://host[:port])`);
    origins.add(origin);
  }
  const hostAccepted = (value: string): boolean => {
    const host = splitHost(value);
    if (!host) return false;
    return anyPort.has(host.name) || (host.port !== undefined && exact.has(`${host.name}:${Number(host.port)}`));
  };

  return createMiddleware(async (c, next) => {
    const url = new URL(c.req.url);
    const header = c.req.header('host');
    // Both must pass: the Host header, and the URL's host (which an absolute request target sets).
    for (const host of header === undefined ? [url.host] : [header, url.host]) {
      if (!hostAccepted(host)) {
        throw new MisdirectedRequestError(`this server does not answer to host "${shown(host)}"; an operator can add it to server.allowed_hosts`);
      }
    }
    const own = (header ?? url.host).trim().toLowerCase();
    const origin = c.req.header('origin');
    let allowedOrigin = false;
    if (origin !== undefined) {
      const normal = normaliseOrigin(origin.trim());
      allowedOrigin = normal !== undefined && origins.has(normal);
      // The server's own origin is the Host it was reached at; over https too, behind a TLS proxy.
      const sameOrigin = normal !== undefined && normal === normaliseOrigin(`${new URL(normal).protocol}//${own}`);
      if (!allowedOrigin && !sameOrigin) {
        throw new ForbiddenError(`requests from origin ${shown(origin)} are refused; an operator can add it to server.allowed_origins`);
      }
    }
    const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
    if ((site === 'cross-site' || site === 'same-site') && !allowedOrigin) {
      throw new ForbiddenError(
        `${site} requests from a browser page are refused${origin === undefined ? '' : ` (origin ${shown(origin)})`}; an operator can add the page's origin to server.allowed_origins`,
      );
    }
    await next();
  });
};
