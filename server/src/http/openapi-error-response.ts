/**
 * The OpenAPI description of an error answer: the one error shape, and for "try again later" (429, 503) the
 * Retry-After header the server sends with it.
 */
import { ErrorBody } from '@consentgate/shared';

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 1 } },
};

export function errorResponse(status: number, description: string) {
  const content = { 'application/json': { schema: ErrorBody } };
  return status === 429 || status === 503 ? { description, headers: RETRY_AFTER, content } : { description, content };
}
