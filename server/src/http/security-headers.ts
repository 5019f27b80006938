/**
 * Security headers on every response. Set with `c.header()` before the route runs (instead of rewriting the
 * finished response afterwards like hono/secure-headers), so responses keep @hono/node-server's fast path.
 * A route may override any of them. Cross-Origin-Resource/Opener-Policy are left out on purpose: the widget and
 * the public API are loaded by other sites.
 *
 * Only headers that protect any response are sent everywhere (the OWASP REST set); headers that only concern HTML
 * documents go with the dashboard's pages (dashboard-files.ts). Obsolete ones (X-XSS-Protection,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies) are not sent: each header is parsed by every client on
 * every API answer, receipts included. Strict-Transport-Security goes only with answers that travelled over https:
 * browsers ignore it on http (RFC 6797 §8.1), and a server run on plain http has no business announcing https.
 */
import type { MiddlewareHandler } from 'hono';
import type { ServerConfig } from '../config.js';
import { isHttps } from './is-https.js';

const HSTS = 'max-age=15552000; includeSubDomains';

const HEADERS: Array<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['Referrer-Policy', 'no-referrer'],
];

/** For HTML documents only. */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = {
  'Origin-Agent-Cluster': '?1',
  'X-DNS-Prefetch-Control': 'off',
};

export function securityHeaders(config: Pick<ServerConfig, 'publicUrl' | 'trustProxy'>): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, value] of HEADERS) c.header(name, value);
    if (isHttps(c, config)) c.header('Strict-Transport-Security', HSTS);
    await next();
  };
}
