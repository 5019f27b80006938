/** Serves the demo sites' files (demo/public) read from disk; paths cannot leave that folder. */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Resolves a URL path below the demo root to a file, `index.html` for folders; undefined when it would escape. */
export function publicFilePath(relativeUrlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativeUrlPath);
  } catch {
    return undefined;
  }
  const withIndex = decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const full = normalize(join(PUBLIC_DIR, withIndex));
  return full.startsWith(PUBLIC_DIR.endsWith(sep) ? PUBLIC_DIR : PUBLIC_DIR + sep) ? full : undefined;
}

export async function serveDemoFile(c: Context, relativeUrlPath: string): Promise<Response> {
  const file = publicFilePath(relativeUrlPath);
  const type = file ? CONTENT_TYPES[extname(file)] : undefined;
  if (!file || !type) return c.json({ error: { code: 'not_found', message: `no demo file ${relativeUrlPath}` } }, 404);
  try {
    const body = await readFile(file);
    // no-cache: the demo pages change while people edit them; revalidation is cheap on localhost.
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      return c.json({ error: { code: 'not_found', message: `no demo file ${relativeUrlPath}` } }, 404);
    }
    throw err;
  }
}
