import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { verifyPassword } from './admin/passwords.js';
import { findUserByEmail, siteIdsOf } from './admin/users.js';
import type { Database } from './db/client.js';
import { auditLog, receipts } from './db/schema.js';
import { testDbKind } from './db/test-database.js';
import { openCliFixture, type CliFixture } from './testing/cli-fixture.js';
import { updateSiteConfig } from './sites/sites.js';
import { insertReceipt } from './testing/admin-fixture.js';

let cli: CliFixture;
beforeAll(async () => {
  cli = await openCliFixture();
});
afterAll(() => cli.close());

const cg = (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => cli.run(argv, extraEnv);
const withDatabase = <T>(fn: (db: Database) => Promise<T>) => cli.withDatabase(fn);

describe(`pnpm cg user add / purge (${testDbKind()})`, () => {
  it('adds users with a given, an environment or a generated password', async () => {
    expect((await cg(['site', 'add', 'shop', '--origin', 'https://shop.example'])).code).toBe(0);
    const given = await cg(['user', 'add', 'Owner@Example.com', '--role', 'owner', '--password', 'given password 123']);
    expect(given).toEqual({ code: 0, out: 'user owner@example.com created (owner)', err: '' });
    const fromEnv = await cg(['user', 'add', 'admin@example.com', '--role', 'site_admin', '--site', 'shop'], { CG_NEW_PASSWORD: 'password from env' });
    expect(fromEnv.out).toBe('user admin@example.com created (site_admin, sites: shop)');
    const generated = await cg(['user', 'add', 'viewer@example.com', '--role', 'viewer', '--site', 'shop']);
    const password = /^password: (\S+)$/m.exec(generated.out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await withDatabase(async ({ db }) => {
      const owner = await findUserByEmail(db, 'owner@example.com');
      expect(await verifyPassword('given password 123', owner!.passwordHash)).toBe(true);
      const admin = await findUserByEmail(db, 'admin@example.com');
      expect(await verifyPassword('password from env', admin!.passwordHash)).toBe(true);
      expect(await siteIdsOf(db, admin!)).toEqual(['shop']);
      const viewer = await findUserByEmail(db, 'viewer@example.com');
      expect(await verifyPassword(password!, viewer!.passwordHash)).toBe(true);
      const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'user.create'));
      expect(audit.map((a) => [a.actorType, a.actorId])).toEqual(Array(3).fill(['system', 'cli']));
      expect(audit.map((a) => a.details)).toEqual([
        { role: 'owner', sites: [] },
        { role: 'site_admin', sites: ['shop'] },
        { role: 'viewer', sites: ['shop'] },
      ]);
      expect(JSON.stringify(audit)).not.toContain('@example.com');
      expect(JSON.stringify(audit)).not.toContain(password!);
    });
  });

  it('fails for a duplicate email, an unknown role or site', async () => {
    expect((await cg(['user', 'add', 'owner@example.com', '--role', 'owner'])).code).toBe(1);
    expect((await cg(['user', 'add', 'x@example.com', '--role', 'root'])).code).toBe(2);
    expect((await cg(['user', 'add', 'y@example.com', '--role', 'viewer', '--site', 'nope'])).code).toBe(1);
  });

  it('purges receipts past retention, for all sites or one', async () => {
    const ids = await withDatabase(async ({ db }) => {
      const site = await updateSiteConfig(db, 'shop', { retentionDays: 10, config: { consentMaxAgeDays: 10 } });
      const old = await insertReceipt(db, site, new Date(Date.now() - 11 * 86_400_000));
      const young = await insertReceipt(db, site, new Date(Date.now() - 9 * 86_400_000));
      return { old: old.receiptId, young: young.receiptId };
    });
    expect((await cg(['purge', '--site', 'nope'])).code).toBe(1);
    const run = await cg(['purge', '--site', 'shop']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^shop\tpurged 1 receipts, 0 subjects older than \d{4}-/);
    await withDatabase(async ({ db }) => {
      const left = (await db.select({ id: receipts.receiptId }).from(receipts)).map((r) => r.id);
      expect(left).toEqual([ids.young]);
      const purges = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'));
      expect(purges.map((p) => [p.actorId, p.siteId, p.details?.receipts])).toEqual([['cli', 'shop', 1]]);
    });
    // A run that deletes nothing is on record too.
    expect((await cg(['purge'])).out).toMatch(/^shop\tpurged 0 receipts/);
    await withDatabase(async ({ db }) => {
      const purges = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'));
      expect(purges.map((p) => [p.actorId, p.siteId, p.details?.receipts])).toEqual([
        ['cli', 'shop', 1],
        ['cli', 'shop', 0],
      ]);
    });
  });
});
