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
// Hono's validator targets, named as a caller knows them.
const TARGETS: Record<string, string> = { json: 'request body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

/** `config.categories[4].id`: array positions in brackets, so a caller sees they count from 0. */
export const issuePath = (path: readonly PropertyKey[]) =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`)).join('');

export function validationFailed(target: string, error: ZodError): ApiError {
  const what = TARGETS[target] ?? target;
  const issues = error.issues.slice(0, 10).map((i) => ({ path: issuePath(i.path), message: i.message }));
  const first = issues[0];
  return new ApiError(400, 'validation_failed', first ? `invalid ${what}: ${first.path || '(root)'}: ${first.message}` : `invalid ${what}`, issues);
}
