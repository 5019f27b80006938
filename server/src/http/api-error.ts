/**
 * The one error shape every route answers with: `{ error: { code, message, details? } }`.
 * Routes throw `ApiError`; `app.onError` (see error-handler.ts) turns anything thrown into that shape.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode } from '@consentgate/shared';
import type { ZodError } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/**
 * 400 `validation_failed` for a body, query or path that does not match its schema: the first issue in the message,
 * up to ten as `details` ({ path, message }), the same for every route.
 */
export function validationFailed(what: string, error: ZodError): ApiError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  return new ApiError(400, 'validation_failed', first ? `invalid ${what}: ${first.path || '(root)'}: ${first.message}` : `invalid ${what}`, issues);
}
