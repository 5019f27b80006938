/**
 * Serves every file of widget/dist at the same path below `/` (/consent.js, /chunks/<build id>/ui.js, /esm/…).
 * Chunks (in a folder named by the build's hash) and hashed file names are cached for a year as immutable; everything
 * else (consent.js) gets an ETag and a day. Each file is compressed once (brotli, gzip) and sent in the best encoding
 * the browser accepts: the widget's size budget is about compressed bytes.
 * `Access-Control-Allow-Origin: *` because a cross-origin `import()` of a module needs CORS.
 * Requests for paths that are not widget files fall through to the next route.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
/** A chunk in the build-hash folder (chunks/Ab3dE6gH9j/ui.js) or Vite's content hash in a name (ui-DdJ2x9aB.js). */
const HASHED = /^chunks\/[A-Za-z0-9_-]{10}\/|[.-][A-Za-z0-9_]{8,}\.(m?js|css|woff2|svg)$/;
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.map', '.json', '.svg']);

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

/** The encoding to send: brotli, then gzip, when the client accepts it (q=0 refuses). */
function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
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
    const file: CachedFile = { mtimeMs: info.mtimeMs, size: info.size, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    if (COMPRESSIBLE.has(extname(path))) {
      // Once per file version, at the highest levels: the cost is paid at the first request, not per request.
      file.br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      file.gzip = gzipSync(body, { level: 9 });
    }
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
    const encoding = file.br ? pickEncoding(c.req.header('accept-encoding')) : undefined;
    if (file.br) headers.Vary = 'Accept-Encoding';
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
      return c.body(null, 304, headers);
    }
    const body = encoding ? file[encoding]! : file.body;
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(body.length);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  };
}
