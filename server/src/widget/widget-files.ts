/**
 * Serves every file of widget/dist at the same path below `/` (/consent.js, /chunks/<build id>/ui.js, /esm/…).
 * Chunks (in a folder named by the build's hash) and hashed file names are cached for a year as immutable; everything
 * else (consent.js) gets an ETag and a day. Each file is compressed once (brotli, gzip) and sent in the best encoding
 * the browser accepts: the widget's size budget is about compressed bytes.
 * `Access-Control-Allow-Origin: *` because a cross-origin `import()` of a module needs CORS.
 * Requests for paths that are not widget files fall through to the next route.
 */
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../http/api-error.js';
import { fileCache, readOnly, sendFile } from '../http/static-files.js';

/** A chunk in the build-hash folder (chunks/3fa85f64/ui.js) or Vite's content hash in a name (ui-DdJ2x9aB.js). */
const HASHED = /^chunks\/[0-9a-f]{8}\/|[.-][A-Za-z0-9_]{8,}\.(m?js|css|woff2|svg)$/;

export function widgetFiles(widgetDir: string): MiddlewareHandler {
  const load = fileCache(widgetDir);
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const file = await load(relative);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return file || c.req.path === '/consent.js' ? readOnly(c) : next();
    if (!file) {
      if (c.req.path === '/consent.js') {
        return c.json(errorBody('unavailable', 'the widget is not built yet; run `pnpm build` (pnpm start does it)'), 503, {
          'Retry-After': '30',
          'Cache-Control': 'no-store',
        });
      }
      return next();
    }
    return sendFile(c, file, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
    });
  };
}
