import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadServerConfig } from '../config.js';
import { auditLog } from '../db/schema.js';
import { openTestDatabase, testDbKind, type TestDatabase } from '../db/test-database.js';
import { verifyPassword } from './passwords.js';
import { countUsers, ensureFirstOwner, findUserByEmail } from './users.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`first owner from CG_ADMIN_EMAIL / CG_ADMIN_PASSWORD (${testDbKind()})`, () => {
  it('refuses to start with only one of the two variables', () => {
    expect(() => loadServerConfig({ CG_ADMIN_EMAIL: 'boss@example.com' })).toThrow(/both CG_ADMIN_EMAIL and CG_ADMIN_PASSWORD/);
    expect(() => loadServerConfig({ CG_ADMIN_PASSWORD: 'a long enough password' })).toThrow(/both/);
    expect(loadServerConfig({ CG_ADMIN_EMAIL: 'boss@example.com', CG_ADMIN_PASSWORD: 'a long enough password' }).admin).toMatchObject({
      firstOwnerEmail: 'boss@example.com',
      firstOwnerPassword: 'a long enough password',
    });
  });

  it('does nothing without both variables', async () => {
    expect(await ensureFirstOwner(database.db, { email: 'boss@example.com', password: undefined })).toBeUndefined();
    expect(await ensureFirstOwner(database.db, { email: undefined, password: 'a long enough password' })).toBeUndefined();
    expect(await countUsers(database.db)).toBe(0);
  });

  it('creates the owner once, when no user exists yet', async () => {
    const created = await ensureFirstOwner(database.db, { email: 'Boss@Example.com', password: 'a long enough password' });
    expect(created).toMatchObject({ email: 'boss@example.com', role: 'owner' });
    const again = await ensureFirstOwner(database.db, { email: 'other@example.com', password: 'another long password' });
    expect(again).toBeUndefined();
    expect(await countUsers(database.db)).toBe(1);
    const boss = await findUserByEmail(database.db, 'BOSS@example.com');
    expect(await verifyPassword('a long enough password', boss!.passwordHash)).toBe(true);
    expect(await verifyPassword('a long enough passwore', boss!.passwordHash)).toBe(false);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.create'));
    expect(audit).toMatchObject([{ actorType: 'system', target: boss!.id, details: { role: 'owner', via: 'first-owner' } }]);
    expect(JSON.stringify(audit)).not.toContain('a long enough password');
  });
});
