/**
 * Serves the built dashboard (dashboard/dist) at `/admin`. Files below /admin/ are served as they are; hashed
 * assets (/admin/assets/index-DdJ2x9aB.js) are cached for a year as immutable. Any other path below /admin that
 * is not a file (/admin/sites/shop/receipts) gets index.html, so the app's own routes survive a reload; index.html
 * is revalidated on every load (ETag) so a new build shows at once. A strict Content-Security-Policy applies to
 * the whole dashboard. Missing files with an extension answer 404 instead of the app. Files go out compressed
 * (brotli or gzip) when the browser accepts it.
 */
import { extname } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../http/api-error.js';
import { DOCUMENT_HEADERS } from '../http/security-headers.js';
import { fileCache, readOnly, sendFile } from '../http/static-files.js';

/** Vite's content hash in a file name, e.g. index-DdJ2x9aB.js. */
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2|svg|png)$/;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function dashboardFiles(dashboardDir: string): MiddlewareHandler {
  const load = fileCache(dashboardDir);
  const headers = (cacheControl: string) => ({ 'Content-Security-Policy': CSP, 'X-Frame-Options': 'DENY', 'Cache-Control': cacheControl });

  return async (c, next) => {
    const path = c.req.path;
    if (path !== '/admin' && !path.startsWith('/admin/')) return next();
    if (c.req.method === 'OPTIONS') return next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return readOnly(c);
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice('/admin'.length)).replace(/^\/+/, '');
    } catch {
      return next();
    }
    if (extname(relative) && relative !== 'index.html') {
      const file = await load(relative);
      if (!file) return c.json(errorBody('not_found', `no dashboard file ${path}`), 404);
      return sendFile(c, file, headers(HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'public, max-age=300'));
    }
    const index = await load('index.html');
    if (!index) {
      return c.json(errorBody('unavailable', 'the dashboard is not built yet; run `pnpm build` (pnpm start does it)'), 503, {
        'Retry-After': '30',
        'Cache-Control': 'no-store',
      });
    }
    return sendFile(c, index, { ...headers('no-cache'), ...DOCUMENT_HEADERS });
  };
}
