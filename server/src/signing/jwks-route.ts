import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { JWKS_MAX_AGE_S, type SigningKeys } from './keys.js';
import { errorResponse } from '../http/openapi-error-response.js';

const Jwks = z
  .object({ keys: z.array(z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string() }).loose()) })
  .openapi('JWKS');

const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  summary: 'Public keys that verify receipt signatures',
  responses: {
    200: { description: 'JSON Web Key Set', content: { 'application/json': { schema: Jwks } } },
    503: errorResponse(503, 'Database unavailable; retry'),
  },
});

export function registerJwksRoute(app: OpenAPIHono, keys: SigningKeys): void {
  app.openapi(route, async (c) => {
    // Make sure a key exists even before the first receipt, so verifiers always find one.
    await keys.signer();
    const jwks = await keys.jwks();
    c.header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_S}`);
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(jwks as z.infer<typeof Jwks>, 200);
  });
}
