/** OpenAPI descriptions of the error answers admin routes give, all in the one error shape. */
import { errorResponse } from '../http/openapi-error-response.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in, or unknown/revoked API token',
  403: 'No access (role or site), or missing CSRF token',
  404: 'Not found',
  409: 'Conflict',
  412: 'If-Match names settings that were changed since',
  429: 'Too many failed sign-ins',
  413: 'Request body too large (16 KiB; site settings 1 MiB)',
  415: 'Request body is not application/json',
  503: 'Database unavailable; retry',
};

/** The given error answers, plus 503 (every route reads the database) and, for routes with a body, 413 and 415. */
export function errorResponses(...codes: Array<400 | 401 | 403 | 404 | 409 | 412 | 429 | 'body'>) {
  const all = codes.flatMap((code) => (code === 'body' ? [413, 415] : [code]));
  return Object.fromEntries(
    [...all, 503].map((code) => [code, errorResponse(code, DESCRIPTIONS[code] ?? 'Error')]),
  );
}

/** Security schemes every admin route accepts. */
export const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ adminSession: [] }, { apiToken: [] }];
