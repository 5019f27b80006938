import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import type { ErrorCode } from '@consentgate/shared';
import { isDatabaseUnavailable, isUnstorableValue } from '../db/unavailable.js';
import { ApiError, errorBody } from './api-error.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

// Hono's own words for these say what happened, not what to do.
const MESSAGE_BY_STATUS: Partial<Record<number, string>> = {
  413: 'request body is larger than 16 KiB',
  415: 'send the request body as application/json',
};

/** `app.onError`: maps anything a route throws to the one error shape. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request');
    const message = MESSAGE_BY_STATUS[status] ?? (err.message || code);
    return c.json(errorBody(code, message), status);
  }
  if (err instanceof ZodError) {
    return c.json(errorBody('validation_failed', 'request does not match the schema', err.issues), 400);
  }
  if (isUnstorableValue(err)) {
    return c.json(errorBody('validation_failed', 'the request holds a value the database cannot take (a NUL character in a text, or a number out of range)'), 400);
  }
  if (isDatabaseUnavailable(err)) {
    c.header('Retry-After', '5');
    c.header('Access-Control-Expose-Headers', 'Retry-After');
    return c.json(errorBody('unavailable', 'the database is unavailable; retry later'), 503);
  }
  console.error(`[consentgate] ${c.req.method} ${c.req.path} failed:`, err);
  return c.json(errorBody('internal', 'internal server error'), 500);
}
