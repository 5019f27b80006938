/**
 * API tokens: `POST /v1/admin/tokens` (shown once), `GET /v1/admin/tokens`, `DELETE /v1/admin/tokens/{id}`.
 * Every user manages their own tokens; owners see and revoke everybody's. A token cannot mint new tokens,
 * so a leaked token cannot outlive its own revocation.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ApiTokenInfo, CreatedApiToken, CreateTokenInput, Uuid } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { currentActor, requireSession } from './admin-auth.js';
import { createApiToken, describeToken, findApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';
import { auditRequest } from './audit-request.js';
import { ADMIN_SECURITY, errorResponses } from './openapi-errors.js';
import { signedIn } from './site-access.js';

const create = createRoute({
  method: 'post',
  path: '/v1/admin/tokens',
  summary: 'Create an API token for the signed-in user (the token is shown only in this answer)',
  middleware: [signedIn()],
  security: ADMIN_SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: CreateTokenInput } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CreatedApiToken } } },
    ...errorResponses(400, 401, 403, 'body'),
  },
});
const list = createRoute({
  method: 'get',
  path: '/v1/admin/tokens',
  summary: 'API tokens of the caller (owners: of every user)',
  middleware: [signedIn()],
  security: ADMIN_SECURITY,
  responses: {
    200: { description: 'Tokens', content: { 'application/json': { schema: z.object({ tokens: z.array(ApiTokenInfo) }) } } },
    ...errorResponses(401),
  },
});
const revoke = createRoute({
  method: 'delete',
  path: '/v1/admin/tokens/{id}',
  summary: 'Revoke an API token',
  middleware: [signedIn()],
  security: ADMIN_SECURITY,
  request: { params: z.object({ id: Uuid }) },
  responses: {
    200: { description: 'Revoked', content: { 'application/json': { schema: ApiTokenInfo } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerTokenRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(create, async (c) => {
    const actor = requireSession(c, 'create tokens');
    const { token, row } = await createApiToken(db, actor.user.id, c.req.valid('json').name);
    await auditRequest(c, 'token.create', { target: row.id, details: { name: row.name } });
    c.header('Cache-Control', 'no-store');
    return c.json({ token, info: describeToken(row) }, 201);
  });

  app.openapi(list, async (c) => {
    const actor = currentActor(c);
    const rows = await listApiTokens(db, actor.user.role === 'owner' ? undefined : actor.user.id);
    return c.json({ tokens: rows.map(describeToken) }, 200);
  });

  app.openapi(revoke, async (c) => {
    const actor = currentActor(c);
    const { id } = c.req.valid('param');
    const row = await findApiToken(db, id);
    // Someone else's token answers like a missing one: token ids of other users are not confirmed.
    if (!row || (row.userId !== actor.user.id && actor.user.role !== 'owner')) throw new ApiError(404, 'not_found', 'no such token');
    const revoked = await revokeApiToken(db, id);
    if (!revoked) throw new ApiError(404, 'not_found', 'no such token');
    await auditRequest(c, 'token.revoke', { target: id });
    return c.json(describeToken(revoked), 200);
  });
}
