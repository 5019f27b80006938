/**
 * Serves the built dashboard (dashboard/dist) at `/admin`. Files below /admin/ are served as they are; hashed
 * assets (/admin/assets/index-DdJ2x9aB.js) are cached for a year as immutable. Any other path below /admin that
 * is not a file (/admin/sites/shop/receipts) gets index.html, so the app's own routes survive a reload; index.html
 * is revalidated on every load (ETag) so a new build shows at once. A strict Content-Security-Policy applies to
 * the whole dashboard. Missing files with an extension answer 404 instead of the app.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from '../http/api-error.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
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

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

export function dashboardFiles(dashboardDir: string): MiddlewareHandler {
  const root = normalize(dashboardDir + sep);
  const cache = new Map<string, CachedFile>();

  async function load(path: string): Promise<CachedFile | undefined> {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const body = await readFile(path);
    const file = { mtimeMs: info.mtimeMs, size: info.size, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cache.set(path, file);
    return file;
  }

  function send(c: Context, file: CachedFile, type: string, cacheControl: string): Response {
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Security-Policy': CSP,
      'X-Frame-Options': 'DENY',
      ETag: file.etag,
      'Cache-Control': cacheControl,
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
      return c.body(null, 304, headers);
    }
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(file.body), 200, headers);
  }

  return async (c, next) => {
    const path = c.req.path;
    if (path !== '/admin' && !path.startsWith('/admin/')) return next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice('/admin'.length)).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const ext = extname(relative);
    if (ext && relative !== 'index.html') {
      const full = normalize(join(root, relative));
      const type = TYPES[ext];
      const file = full.startsWith(root) && type ? await load(full) : undefined;
      if (!file || !type) return c.json(errorBody('not_found', `no dashboard file ${path}`), 404);
      return send(c, file, type, HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    }
    const index = await load(join(root, 'index.html'));
    if (!index) {
      return c.json(errorBody('unavailable', 'the dashboard is not built yet; run `pnpm build` (pnpm start does it)'), 503, {
        'Retry-After': '30',
        'Cache-Control': 'no-store',
      });
    }
    return send(c, index, TYPES['.html']!, 'no-cache');
  };
}
