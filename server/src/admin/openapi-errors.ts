/** OpenAPI descriptions of the error answers admin routes give, all in the one error shape. */
import { ErrorBody } from '@consentgate/shared';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in, or unknown/revoked API token',
  403: 'No access (role or site), or missing CSRF token',
  404: 'Not found',
  409: 'Conflict',
  429: 'Too many failed sign-ins (see Retry-After)',
};

export function errorResponses(...codes: Array<400 | 401 | 403 | 404 | 409 | 429>) {
  return Object.fromEntries(
    codes.map((code) => [code, { description: DESCRIPTIONS[code] ?? 'Error', content: { 'application/json': { schema: ErrorBody } } }]),
  );
}

/** Security schemes every admin route accepts. */
export const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ adminSession: [] }, { apiToken: [] }];
