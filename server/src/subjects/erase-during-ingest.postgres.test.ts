/**
 * Erasure and the retention purge while a receipt of the same subject is being stored: the receipt's statement
 * has already read the subject when the erasure runs. Neither may leave a stored receipt behind whose subject is
 * gone (the visitor could then neither see nor erase it). Always real PostgreSQL: PGlite runs one statement at a time,
 * so the two cannot overlap there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp } from '../app.js';
import { loadServerConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { receipts, subjects } from '../db/schema.js';
import { createPostgresDatabase } from '../db/test-database.js';
import { hashSubjectSecret } from '../receipts/claims.js';
import { purgeExpiredReceipts } from '../retention/purge-expired-receipts.js';
import { createSite, type Site } from '../sites/sites.js';
import { insertReceipt } from '../testing/admin-fixture.js';
import { postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from '../testing/app-fixture.js';
import { until } from '../testing/until.js';

const DAY = 86_400_000;
let fresh: Awaited<ReturnType<typeof createPostgresDatabase>>;
let database: Database;
let holder: postgres.Sql;
let watcher: postgres.Sql;
let app: ReturnType<typeof createApp>;
let site: Site;

beforeAll(async () => {
  fresh = await createPostgresDatabase('cg_erase_race');
  database = await openDatabase({ url: fresh.url, max: 4 });
  await database.migrate();
  site = await createSite(database.db, {
    id: 'shop',
    name: 'Shop',
    allowedOrigins: [SITE_ORIGIN],
    config: { ...SHOP_CONFIG, consentMaxAgeDays: 30 },
    retentionDays: 30,
  });
  app = createApp({ database, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0' }) });
  holder = postgres(fresh.url, { max: 1, onnotice: () => {} });
  watcher = postgres(fresh.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await holder?.end();
  await watcher?.end();
  await database?.close();
  await fresh?.drop();
});

/**
 * Posts `input` so that its batch statement, having read the subject, waits on another transaction that holds the
 * same receipt id uncommitted; `during` runs while it waits; after `holdMs` that transaction rolls back and the receipt
 * is stored.
 */
async function whileStoring<T>(input: ReturnType<typeof validReceipt>, during: () => T | Promise<T>, holdMs = 300) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const held = new Promise<void>((resolve) => (inserted = resolve));
  const holding = holder
    .begin(async (tx) => {
      await tx`insert into receipts (site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc,
                                     categories, claims, signature, proof, kid)
               select site_id, ${input.receiptId}::uuid, subject_id, created_at, policy_version, method, collection, gpc,
                      categories, claims, signature, proof, kid from receipts limit 1`;
      inserted();
      await released;
      throw new Error('rolled back on purpose');
    })
    .catch(() => {});
  await held;
  const posted = postReceipt(app, input);
  // The receipt's statement is running and waits for the held receipt id.
  await until(async () => {
    const [row] = await watcher`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    return row!.n > 0;
  }, 5_000, 20);
  const work = Promise.resolve(during());
  await new Promise((r) => setTimeout(r, holdMs));
  release();
  await holding;
  return { posted: await posted, work: await work };
}

/** A visitor with one stored receipt, their next receipt, and their erasure request. */
async function visitorWithReceipt() {
  const first = validReceipt(site);
  expect((await postReceipt(app, first)).status).toBe(201);
  return {
    first,
    next: validReceipt(site, { subjectId: first.subjectId, subjectSecret: first.subjectSecret }),
    erase: () => app.request(`/v1/subjects/${first.subjectId}`, { method: 'DELETE', headers: { authorization: `Bearer ${first.subjectSecret}` } }),
  };
}

async function subjectRows(subjectId: string) {
  return database.db.select().from(subjects).where(and(eq(subjects.siteId, site.id), eq(subjects.id, subjectId)));
}
async function receiptRows(subjectId: string) {
  return database.db.select().from(receipts).where(and(eq(receipts.siteId, site.id), eq(receipts.subjectId, subjectId)));
}

describe('erasing a subject while one of its receipts is being stored (PostgreSQL)', () => {
  it('the retention purge keeps a returning subject whose new receipt was on its way while the old ones expired', async () => {
    const returning = validReceipt(site);
    const longAgo = new Date(Date.now() - 60 * DAY);
    await database.db.insert(subjects).values({
      siteId: site.id,
      id: returning.subjectId,
      secretHash: hashSubjectSecret(returning.subjectSecret),
      createdAt: longAgo,
    });
    await insertReceipt(database.db, site, longAgo, returning.subjectId);

    const { posted, work } = await whileStoring(returning, () => purgeExpiredReceipts(database.db));
    expect(posted.status).toBe(201);
    expect(work.find((r) => r.siteId === site.id)?.receipts).toBe(1);
    expect((await receiptRows(returning.subjectId)).map((r) => r.receiptId)).toEqual([returning.receiptId]);
    expect(await subjectRows(returning.subjectId)).toHaveLength(1);
    // So the visitor still sees, and can erase, what was just stored.
    const history = await app.request(`/v1/subjects/${returning.subjectId}/receipts`, {
      headers: { authorization: `Bearer ${returning.subjectSecret}` },
    });
    expect(history.status).toBe(200);
  });

  it("a visitor's erasure also takes the receipt that was being stored as it ran", async () => {
    const { first, next, erase } = await visitorWithReceipt();
    const { posted, work } = await whileStoring(next, erase);
    expect(posted.status).toBe(201);
    expect(work.status).toBe(200);
    expect(await work.json()).toEqual({ deleted: 2 });
    expect(await receiptRows(first.subjectId)).toEqual([]);
    expect(await subjectRows(first.subjectId)).toEqual([]);
  });

  it('answers an erasure 503 and erases nothing when a receipt being stored holds it up for over a second', async () => {
    const { first, next, erase } = await visitorWithReceipt();
    const { posted, work } = await whileStoring(next, erase, 2_500);
    expect(work.status).toBe(503);
    expect(await work.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(posted.status).toBe(201);
    expect(await receiptRows(first.subjectId)).toHaveLength(2);
    // Asked again, it erases both.
    expect(await (await erase()).json()).toEqual({ deleted: 2 });
  });
});
