/**
 * Refuses request bodies over `maxBytes` with 413 before they are read. With a Content-Length header the check
 * needs no body access at all (touching `c.req.raw` would make @hono/node-server build a full Request object on
 * every call — measurable on the receipt hot path); chunked bodies go through hono's bodyLimit, which counts bytes.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.js';
import { requestHeader } from './request-header.js';

export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `request body is larger than ${maxBytes} bytes`);
  const streaming = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const length = requestHeader(c, 'content-length');
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) throw tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}
