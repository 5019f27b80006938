/**
 * Serves every file of widget/dist at the same path below `/` (/consent.js, /chunks/ui-abc123.js, /esm/…).
 * Hashed file names are cached for a year as immutable; everything else (consent.js) gets an ETag and a day.
 * `Access-Control-Allow-Origin: *` because a cross-origin `import()` of a module needs CORS.
 * Requests for paths that are not widget files fall through to the next route.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../http/api-error.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};
/** Vite's content hash in a file name, e.g. ui-DdJ2x9aB.js or ui.3f9a1c2e.js. */
const HASHED = /[.-][A-Za-z0-9_]{8,}\.(m?js|css|woff2|svg)$/;

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
}

export function widgetFiles(widgetDir: string): MiddlewareHandler {
  const root = normalize(widgetDir + sep);
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

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const ext = extname(c.req.path);
    const type = TYPES[ext];
    if (!type) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const full = normalize(join(root, relative));
    if (!full.startsWith(root)) return next();
    const file = await load(full);
    if (!file) {
      if (c.req.path === '/consent.js') {
        return c.json(errorBody('unavailable', 'the widget is not built yet; run `pnpm build` (pnpm start does it)'), 503, {
          'Retry-After': '30',
          'Cache-Control': 'no-store',
        });
      }
      return next();
    }
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      ETag: file.etag,
      'Cache-Control': HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
      return c.body(null, 304, headers);
    }
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(file.body), 200, headers);
  };
}
