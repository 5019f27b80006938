/**
 * Users (owners only): `GET/POST /v1/admin/users`, `PATCH/DELETE /v1/admin/users/{id}`. Adding a user, setting a
 * password and enabling a user need a signed-in owner; an owner's API token may list, demote, disable and remove.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AdminUser, CreateUserInput, UpdateUserInput, Uuid, type UserRole } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { currentActor, requireSession } from './admin-auth.js';
import { auditRequest } from './audit-request.js';
import { ADMIN_SECURITY, errorResponses } from './openapi-errors.js';
import { ownerOnly } from './site-access.js';
import { createUser, deleteUser, describeUser, findUser, listUsers, siteIdsOf, updateUser, UserError } from './users.js';

const userJson = (description: string) => ({ description, content: { 'application/json': { schema: AdminUser } } });
const Params = z.object({ id: Uuid });

const list = createRoute({
  method: 'get',
  path: '/v1/admin/users',
  summary: 'All dashboard users',
  middleware: [ownerOnly()],
  security: ADMIN_SECURITY,
  responses: {
    200: { description: 'Users', content: { 'application/json': { schema: z.object({ users: z.array(AdminUser) }) } } },
    ...errorResponses(401, 403),
  },
});
const create = createRoute({
  method: 'post',
  path: '/v1/admin/users',
  summary: 'Add a user',
  middleware: [ownerOnly()],
  security: ADMIN_SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: CreateUserInput } } } },
  responses: { 201: userJson('Created'), ...errorResponses(400, 401, 403, 409, 'body') },
});
const update = createRoute({
  method: 'patch',
  path: '/v1/admin/users/{id}',
  summary: 'Change a user’s role, sites or password, or disable them (signs them out everywhere)',
  middleware: [ownerOnly()],
  security: ADMIN_SECURITY,
  request: { params: Params, body: { required: true, content: { 'application/json': { schema: UpdateUserInput } } } },
  responses: { 200: userJson('Updated'), ...errorResponses(400, 401, 403, 404, 409, 'body') },
});
const remove = createRoute({
  method: 'delete',
  path: '/v1/admin/users/{id}',
  summary: 'Remove a user (their sessions and tokens go with them)',
  middleware: [ownerOnly()],
  security: ADMIN_SECURITY,
  request: { params: Params },
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404, 409) },
});

const RANK: Record<UserRole, number> = { viewer: 0, site_admin: 1, owner: 2 };

/**
 * A token may take rights away, never give them: a promotion or a new site would let a leaked owner token hand an
 * account it controls rights that outlive the token's revocation.
 */
async function refuseGrantByToken(c: Context, db: Db, id: string, change: { role?: UserRole | undefined; sites?: string[] | undefined }) {
  if (currentActor(c).via !== 'token' || (change.role === undefined && change.sites === undefined)) return;
  const current = await findUser(db, id);
  if (!current) return;
  const role = change.role ?? current.role;
  if (RANK[role] > RANK[current.role]) requireSession(c, 'promote users');
  if (role !== 'owner' && change.sites !== undefined) {
    const had = new Set(current.role === 'owner' ? change.sites : await siteIdsOf(db, current));
    if (change.sites.some((site) => !had.has(site))) requireSession(c, 'give users sites');
  }
}

function asApiError(err: unknown): never {
  if (err instanceof UserError) {
    if (err.code === 'user_not_found') throw new ApiError(404, 'not_found', err.message);
    if (err.code === 'invalid_user') throw new ApiError(400, 'validation_failed', err.message);
    throw new ApiError(409, 'conflict', err.message);
  }
  throw err;
}

export function registerUserRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(list, async (c) => c.json({ users: await listUsers(db) }, 200));

  app.openapi(create, async (c) => {
    requireSession(c, 'add users');
    const input = c.req.valid('json');
    const user = await createUser(db, input).catch(asApiError);
    await auditRequest(c, 'user.create', { target: user.id, details: { role: user.role, sites: input.sites } });
    return c.json(await describeUser(db, user), 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    if (change.password !== undefined) requireSession(c, 'set passwords');
    if (change.disabled === false) requireSession(c, 'enable users');
    await refuseGrantByToken(c, db, id, change);
    const user = await updateUser(db, id, change).catch(asApiError);
    // The audit says which fields changed, never the password itself.
    const details = { ...change, ...(change.password !== undefined ? { password: 'changed' } : {}) };
    await auditRequest(c, 'user.update', { target: id, details });
    return c.json(await describeUser(db, user), 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await deleteUser(db, id).catch(asApiError);
    await auditRequest(c, 'user.delete', { target: id });
    return c.body(null, 204);
  });
}
