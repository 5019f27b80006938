/**
 * Security headers on every response. Set with `c.header()` before the route runs (instead of rewriting the
 * finished response afterwards like hono/secure-headers), so responses keep @hono/node-server's fast path.
 * A route may override any of them. Cross-Origin-Resource/Opener-Policy are left out on purpose: the widget and
 * the public API are loaded by other sites.
 */
import type { MiddlewareHandler } from 'hono';

const HEADERS: Array<[string, string]> = [
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['Referrer-Policy', 'no-referrer'],
  ['Origin-Agent-Cluster', '?1'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, value] of HEADERS) c.header(name, value);
    await next();
  };
}
