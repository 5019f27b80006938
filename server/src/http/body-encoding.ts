/**
 * Request bodies are taken as sent: uncompressed, and UTF-8 as JSON must be (RFC 8259 §8.1). A compressed body gets
 * 415 (it would be read as text and fail as "not JSON"), so does one declared in another charset, and one whose bytes
 * are not UTF-8 gets 400: read leniently, it would be stored with U+FFFD where the sender's characters were.
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

/** Refuses (415, RFC 9110 §15.5.16) a body sent with a Content-Encoding other than identity. */
export function checkContentEncoding(c: Context, what: string): void {
  const encoding = requestHeader(c, 'content-encoding')?.trim();
  if (encoding && encoding.split(',').some((coding) => coding.trim().toLowerCase() !== 'identity')) {
    throw new ApiError(415, 'unsupported_media_type', `send the ${what} uncompressed, not with Content-Encoding: ${encoding}`, undefined, {
      'Accept-Encoding': 'identity',
    });
  }
}

/**
 * Each escape in a JSON text, read left to right so that `\\` is one escape: a surrogate pair (12 characters), a
 * lone surrogate (6) or anything else.
 */
const ESCAPES = /\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[dD][89a-fA-F][0-9a-fA-F]{2}|[^])/g;

/**
 * Whether the JSON text escapes half a character (`\ud800` with no low half after it, or a low half alone). Such a
 * string is no text: the database drivers would store U+FFFD in its place, the canonical hash refuses it.
 */
export function escapesLoneSurrogate(json: string): boolean {
  if (!json.includes('\\u')) return false; // the common case, without running the pattern
  for (const [escape] of json.matchAll(ESCAPES)) if (escape.length === 6) return true;
  return false;
}

/** What is wrong with a JSON text that escapesLoneSurrogate, after the name of the text. */
export const LONE_SURROGATE = 'is not valid Unicode: it escapes a lone surrogate (\\uD800–\\uDFFF)';

/** The body as text, refused (400) when it is not UTF-8 or escapes a lone surrogate (every body taken is JSON). */
export async function readUtf8(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ApiError(400, 'bad_request', 'request body is not valid UTF-8');
  }
  if (escapesLoneSurrogate(text)) throw new ApiError(400, 'bad_request', `request body ${LONE_SURROGATE}`);
  return text;
}

/** For routes whose handlers read the body themselves (hono keeps it, so reading it here costs no second read). */
export function plainUtf8Body(): MiddlewareHandler {
  return async (c, next) => {
    const contentType = requestHeader(c, 'content-type');
    if (contentType !== undefined) {
      checkContentEncoding(c, 'body');
      checkCharset(contentType, 'body');
      await readUtf8(c);
    }
    await next();
  };
}
