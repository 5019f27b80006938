/**
 * What the widget and dashboard file servers share: a cache of built files (read once per version, ETag, brotli and
 * gzip made once at the highest levels) and sending one with conditional requests (304), HEAD and the best encoding
 * the client accepts.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { errorBody } from './api-error.js';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.map', '.json', '.svg']);

export interface StaticFile {
  type: string;
  body: Buffer;
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

/** The encoding to send: brotli, then gzip, when the client accepts it (q=0 refuses). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
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

/**
 * Files below `dir`, by path relative to it. Undefined for a path outside `dir`, of an unknown type, or that is not
 * a file, and for one with `.` or `..` segments (what a decoded `..%2f` becomes; a browser resolves real ones before
 * asking): every file has one path, so `chunks/<hash>/..%2f..%2fconsent.js` is not consent.js under a chunk's
 * year-long cache lifetime. A file is read again when its size or modification time changed (a new build).
 */
export function fileCache(dir: string): (relative: string) => Promise<StaticFile | undefined> {
  const root = normalize(dir + sep);
  const cache = new Map<string, StaticFile & { mtimeMs: number; size: number }>();
  return async (relative) => {
    if (relative.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')) return undefined;
    const full = normalize(join(root, relative));
    const type = CONTENT_TYPES[extname(full)];
    if (!full.startsWith(root) || !type) return undefined;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const hit = cache.get(full);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const body = await readFile(full);
    const file: StaticFile & { mtimeMs: number; size: number } = {
      type,
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      mtimeMs: info.mtimeMs,
      size: info.size,
    };
    if (COMPRESSIBLE.has(extname(full))) {
      // Once per file version: the cost is paid at the first request, not per request.
      file.br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      file.gzip = gzipSync(body, { level: 9 });
    }
    cache.set(full, file);
    return file;
  };
}

/** A file asked for with a method other than GET or HEAD: 405 with Allow, as for the API's routes. */
export function readOnly(c: Context): Response {
  return c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use GET or HEAD`), 405, { Allow: 'GET, HEAD' });
}

/** Whether an If-None-Match header matches `etag` (weak comparison, as RFC 9110 asks for GET; `*` matches any). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
}

/**
 * Answers with `file`: 304 for a matching If-None-Match, no body for HEAD, compressed when the client accepts it.
 * Each encoding has its own ETag (the bytes differ), so a cache never mixes them up.
 */
export function sendFile(c: Context, file: StaticFile, headers: Record<string, string>): Response {
  const encoding = file.br ? pickEncoding(c.req.header('accept-encoding')) : undefined;
  const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
  const all: Record<string, string> = { ...headers, 'Content-Type': file.type, ETag: etag };
  if (file.br) all.Vary = 'Accept-Encoding';
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, all);
  const body = encoding ? file[encoding]! : file.body;
  if (encoding) all['Content-Encoding'] = encoding;
  all['Content-Length'] = String(body.length);
  if (c.req.method === 'HEAD') return c.body(null, 200, all);
  return c.body(new Uint8Array(body), 200, all);
}
