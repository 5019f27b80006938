/**
 * JSON travels as UTF-8 (RFC 8259 §8.1). A body declared in another charset gets 415 and one whose bytes are not
 * UTF-8 gets 400: read leniently, either would be stored with U+FFFD where the sender's characters were.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import { requestHeader } from './request-header.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Refuses (415) a Content-Type that declares a charset other than UTF-8; `what` names the body in the message. */
export function checkCharset(contentType: string, what: string): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError(415, 'unsupported_media_type', `send the ${what} in UTF-8, not ${charset}`);
  }
}

/** The body as text, refused (400) when it is not UTF-8. */
export async function readUtf8(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ApiError(400, 'bad_request', 'request body is not valid UTF-8');
  }
}

/** For routes whose handlers read the body themselves (hono keeps it, so reading it here costs no second read). */
export function utf8Body(): MiddlewareHandler {
  return async (c, next) => {
    const contentType = requestHeader(c, 'content-type');
    if (contentType !== undefined) {
      checkCharset(contentType, 'body');
      await readUtf8(c);
    }
    await next();
  };
}
