import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AdminUser } from '@consentgate/shared';
import { auditLog, users } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { asUser, openAdminFixture, PASSWORD, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';

let f: AdminFixture;
let owner: SignedIn;
beforeAll(async () => {
  f = await openAdminFixture();
  owner = await signIn(f.app, f.users.owner);
});
afterAll(async () => {
  await f?.close();
});

async function listUsers(who = owner): Promise<AdminUser[]> {
  const res = await asUser(f.app, who, '/v1/admin/users');
  expect(res.status).toBe(200);
  return ((await res.json()) as { users: AdminUser[] }).users;
}

describe(`users and roles (${testDbKind()})`, () => {
  it('lets an owner add a site admin for chosen sites, who then sees exactly those', async () => {
    const res = await asUser(f.app, owner, '/v1/admin/users', {
      method: 'POST',
      body: { email: 'DPO@Example.com', password: 'a long enough password', role: 'site_admin', sites: ['b2b'] },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as AdminUser;
    expect(created).toMatchObject({ email: 'dpo@example.com', role: 'site_admin', sites: ['b2b'], disabledAt: null });
    const [row] = await f.database.db.select().from(users).where(eq(users.id, created.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const dpo = await signIn(f.app, 'dpo@example.com', 'a long enough password');
    expect((await asUser(f.app, dpo, '/v1/admin/sites/b2b/receipts')).status).toBe(200);
    expect((await asUser(f.app, dpo, '/v1/admin/sites/shop/receipts')).status).toBe(403);
    expect((await listUsers()).map((u) => u.email)).toContain('dpo@example.com');
    const audit = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'user.create'));
    expect(audit[0]).toMatchObject({ actorId: owner.userId, target: created.id });
    expect(JSON.stringify(audit)).not.toContain('a long enough password');
  });

  it('refuses bad input: duplicate email, short password, unknown site', async () => {
    const add = (body: object) => asUser(f.app, owner, '/v1/admin/users', { method: 'POST', body });
    expect((await add({ email: f.users.shopAdmin, password: PASSWORD, role: 'viewer' })).status).toBe(409);
    expect((await add({ email: 'x@example.com', password: 'short', role: 'viewer' })).status).toBe(400);
    expect((await add({ email: 'y@example.com', password: PASSWORD, role: 'viewer', sites: ['nope'] })).status).toBe(400);
    expect((await add({ email: 'not-an-email', password: PASSWORD, role: 'viewer' })).status).toBe(400);
  });

  it('refuses a field it does not know instead of dropping it (a misspelt "sites" would give no sites)', async () => {
    const res = await asUser(f.app, owner, '/v1/admin/users', {
      method: 'POST',
      body: { email: 'typo@example.com', password: PASSWORD, role: 'site_admin', site: ['shop'] },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/Unrecognized key.*"site"/);
    expect((await listUsers()).map((u) => u.email)).not.toContain('typo@example.com');
  });

  it('keeps user management to owners', async () => {
    const admin = await signIn(f.app, f.users.shopAdmin);
    expect((await asUser(f.app, admin, '/v1/admin/users')).status).toBe(403);
    const res = await asUser(f.app, admin, '/v1/admin/users', {
      method: 'POST',
      body: { email: 'sneaky@example.com', password: PASSWORD, role: 'owner' },
    });
    expect(res.status).toBe(403);
    expect((await listUsers()).map((u) => u.email)).not.toContain('sneaky@example.com');
  });

  it('changes a role and sites, signing the user out everywhere', async () => {
    const viewerId = (await listUsers()).find((u) => u.email === f.users.shopViewer)!.id;
    const viewer = await signIn(f.app, f.users.shopViewer);
    expect((await asUser(f.app, viewer, '/v1/admin/sites/shop/receipts')).status).toBe(403);
    const res = await asUser(f.app, owner, `/v1/admin/users/${viewerId}`, { method: 'PATCH', body: { role: 'site_admin', sites: ['shop', 'b2b'] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'site_admin', sites: ['b2b', 'shop'] });
    expect((await asUser(f.app, viewer, '/v1/admin/session')).status).toBe(401);
    const again = await signIn(f.app, f.users.shopViewer);
    expect((await asUser(f.app, again, '/v1/admin/sites/b2b/receipts')).status).toBe(200);
  });

  it('disables and removes users, but never the last owner', async () => {
    const ownerId = owner.userId;
    const demote = await asUser(f.app, owner, `/v1/admin/users/${ownerId}`, { method: 'PATCH', body: { role: 'viewer' } });
    expect(demote.status).toBe(409);
    expect((await asUser(f.app, owner, `/v1/admin/users/${ownerId}`, { method: 'DELETE' })).status).toBe(409);

    const b2bAdminId = (await listUsers()).find((u) => u.email === f.users.b2bAdmin)!.id;
    const disabled = await asUser(f.app, owner, `/v1/admin/users/${b2bAdminId}`, { method: 'PATCH', body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as AdminUser).disabledAt).not.toBeNull();
    const login = await f.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: f.users.b2bAdmin, password: PASSWORD }),
    });
    expect(login.status).toBe(401);
    expect((await asUser(f.app, owner, `/v1/admin/users/${b2bAdminId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await listUsers()).map((u) => u.id)).not.toContain(b2bAdminId);
    expect((await asUser(f.app, owner, `/v1/admin/users/${b2bAdminId}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('resets a password: the old one stops working', async () => {
    const adminId = (await listUsers()).find((u) => u.email === f.users.shopAdmin)!.id;
    const res = await asUser(f.app, owner, `/v1/admin/users/${adminId}`, { method: 'PATCH', body: { password: 'a brand new password' } });
    expect(res.status).toBe(200);
    await expect(signIn(f.app, f.users.shopAdmin)).rejects.toThrow(/401/);
    await signIn(f.app, f.users.shopAdmin, 'a brand new password');
    const audit = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'user.update'));
    expect(JSON.stringify(audit)).not.toContain('a brand new password');
  });

  it('keeps an owner when two owners demote each other at the same moment', async () => {
    const made = await asUser(f.app, owner, '/v1/admin/users', { method: 'POST', body: { email: 'second-owner@example.com', password: PASSWORD, role: 'owner' } });
    expect(made.status).toBe(201);
    const secondId = ((await made.json()) as AdminUser).id;
    const second = await signIn(f.app, 'second-owner@example.com');
    const demote = (who: SignedIn, id: string) => asUser(f.app, who, `/v1/admin/users/${id}`, { method: 'PATCH', body: { role: 'site_admin' } });
    const answers = await Promise.all([demote(owner, secondId), demote(second, owner.userId)]);
    const statuses = answers.map((a) => a.status);
    // One wins; the other is refused as the last owner (or, had the winner committed before it was let in, signed out).
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 401)).toHaveLength(1);
    const owners = await f.database.db.select().from(users).where(eq(users.role, 'owner'));
    expect(owners).toHaveLength(1);

    // Put the fixture's owner back for whatever runs after this.
    await f.database.db.update(users).set({ role: 'owner' }).where(eq(users.id, owner.userId));
    owner = await signIn(f.app, f.users.owner);
  });
});
