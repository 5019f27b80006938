/** The OpenAPI answer for "try again later" (429, 503): the error shape plus the Retry-After header it carries. */
import { ErrorBody } from '@consentgate/shared';

export function retryLater(description: string) {
  return {
    description,
    headers: {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 1 } },
    },
    content: { 'application/json': { schema: ErrorBody } },
  };
}
