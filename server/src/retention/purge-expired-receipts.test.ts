import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, receipts, statsHourly, subjects } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { updateSiteConfig } from '../sites/sites.js';
import { insertReceipt, openAdminFixture, type AdminFixture } from '../testing/admin-fixture.js';
import { purgeExpiredReceipts } from './purge-expired-receipts.js';
import { startRetentionTimer } from './retention-timer.js';

const DAY = 86_400_000;
let f: AdminFixture;
beforeAll(async () => {
  f = await openAdminFixture();
  // A choice stays in force no longer than its receipt is kept (the site asks again after 30 days).
  f.site = await updateSiteConfig(f.database.db, 'shop', { retentionDays: 30, config: { consentMaxAgeDays: 30 } });
});
afterAll(async () => {
  await f?.close();
});

const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

async function receiptIds(siteId: string): Promise<string[]> {
  const rows = await f.database.db.select({ id: receipts.receiptId }).from(receipts).where(eq(receipts.siteId, siteId));
  return rows.map((r) => r.id).sort();
}

describe(`retention purge (${testDbKind()})`, () => {
  it('deletes receipts past each site’s retention and their orphaned subjects, keeps young ones and the stats', async () => {
    const db = f.database.db;
    const gone = randomUUID();
    await db.insert(subjects).values({ siteId: 'shop', id: gone, secretHash: 'hash', createdAt: daysAgo(45) });
    await insertReceipt(db, f.site, daysAgo(45), gone);
    await insertReceipt(db, f.site, daysAgo(31), gone);
    const stays = randomUUID();
    await db.insert(subjects).values({ siteId: 'shop', id: stays, secretHash: 'hash', createdAt: daysAgo(45) });
    await insertReceipt(db, f.site, daysAgo(40), stays);
    const youngOfStays = await insertReceipt(db, f.site, daysAgo(29), stays);
    const young = await insertReceipt(db, f.site, daysAgo(1));
    const b2bOld = await insertReceipt(db, f.other, daysAgo(40)); // b2b keeps 1095 days
    await db.insert(statsHourly).values({ siteId: 'shop', hour: new Date(Math.floor(daysAgo(45).getTime() / 3_600_000) * 3_600_000), method: 'accept-all', receipts: 2 });

    const results = await purgeExpiredReceipts(db);
    expect(results.map((r) => [r.siteId, r.receipts, r.subjects])).toEqual([
      ['b2b', 0, 0],
      ['shop', 3, 1],
    ]);
    expect(await receiptIds('shop')).toEqual([youngOfStays.receiptId, young.receiptId].sort());
    expect(await receiptIds('b2b')).toEqual([b2bOld.receiptId]);
    expect(await db.select().from(subjects).where(and(eq(subjects.siteId, 'shop'), eq(subjects.id, gone)))).toHaveLength(0);
    expect(await db.select().from(subjects).where(and(eq(subjects.siteId, 'shop'), eq(subjects.id, stays)))).toHaveLength(1);
    expect(await db.select().from(statsHourly).where(eq(statsHourly.siteId, 'shop'))).toHaveLength(1);

    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', siteId: 'shop', details: { receipts: 3, subjects: 1, retentionDays: 30 } });
    expect(Date.parse(String(audit[0]!.details!.cutoff))).toBeCloseTo(daysAgo(30).getTime(), -5);
    expect(JSON.stringify(audit)).not.toContain(gone);

    // Nothing left to purge: no new entry.
    await purgeExpiredReceipts(db);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'))).toHaveLength(1);
  });

  it('purges a backlog larger than one delete batch: 12 000 expired receipts and 2 500 subjects they leave orphaned', async () => {
    const db = f.database.db;
    // Straight into the tables: 2 500 subjects with 12 000 receipts between them, all past b2b's 1095 days.
    await db.execute(sql`
      insert into subjects (site_id, id, secret_hash, created_at)
      select 'b2b', md5('backlog' || n)::uuid, 'hash', now() - interval '2000 days' from generate_series(1, 2500) n`);
    await db.execute(sql`
      insert into receipts (site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc, categories, claims, signature, kid)
      select 'b2b', gen_random_uuid(), md5('backlog' || (n % 2500 + 1))::uuid, now() - interval '2000 days', 1, 'accept-all', 'banner',
             false, '{}'::jsonb, '{}'::jsonb, 'unsigned', 'test'
      from generate_series(1, 12000) n`);
    const results = await purgeExpiredReceipts(db, { siteId: 'b2b' });
    expect(results.map((r) => [r.siteId, r.receipts, r.subjects])).toEqual([['b2b', 12_000, 2_500]]);
    expect(await db.select().from(subjects).where(eq(subjects.siteId, 'b2b'))).toEqual([]);
  });

  it('purges one site only when asked, and refuses an unknown site', async () => {
    const shopOld = await insertReceipt(f.database.db, f.site, daysAgo(60));
    const results = await purgeExpiredReceipts(f.database.db, { siteId: 'b2b' });
    expect(results.map((r) => r.siteId)).toEqual(['b2b']);
    expect(await receiptIds('shop')).toContain(shopOld.receiptId);
    await expect(purgeExpiredReceipts(f.database.db, { siteId: 'nope' })).rejects.toThrow(/no site/);
  });

  it('runs on a timer inside the server', async () => {
    const old = await insertReceipt(f.database.db, f.site, daysAgo(90));
    const lines: string[] = [];
    const timer = startRetentionTimer(f.database.db, 50, (line) => lines.push(line));
    try {
      const deadline = Date.now() + 10_000;
      while ((await receiptIds('shop')).includes(old.receiptId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await timer.stop();
    }
    expect(await receiptIds('shop')).not.toContain(old.receiptId);
    expect(lines.join('\n')).toMatch(/purged \d+ receipts of site "shop"/);
  });
});
