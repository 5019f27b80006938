import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { SiteStats } from '@consentgate/shared';
import { testDbKind } from '../db/test-database.js';
import type { Db } from '../db/client.js';
import { asUser, insertReceipt, openAdminFixture, signIn, type AdminFixture } from '../testing/admin-fixture.js';
import { createSite } from '../sites/sites.js';
import { postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from '../testing/app-fixture.js';
import { ROLLUP_LAG_MS, rollupStats, startStatsRollup } from './rollup.js';
import { bucketStart, querySiteStats } from './site-stats.js';

let f: AdminFixture;
const DAY = 86_400_000;
/** Midnight UTC today; the test's history lies in the 10 days before it. */
const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const daysAgo = (n: number, hour = 12) => new Date(today.getTime() - n * DAY + hour * 3_600_000);

async function post(overrides: Parameters<typeof validReceipt>[1]) {
  const res = await postReceipt(f.app, validReceipt(f.site, overrides));
  expect(res.status).toBe(201);
  return ((await res.json()) as { receiptId: string }).receiptId;
}

/** A copy of a stored receipt (new id) created at `at`: history without waiting for it. */
async function copyAt(receiptId: string, at: Date) {
  await f.database.db.execute(sql`
    insert into receipts (site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc,
                          categories, claims, signature, proof, kid)
    select site_id, gen_random_uuid(), subject_id, ${at.toISOString()}::timestamptz, policy_version, method, collection, gpc,
           categories, claims, signature, proof, kid
    from receipts where receipt_id = ${receiptId}`);
}

const range = { siteId: 'shop', interval: 'day' as const, from: daysAgo(10, 0), to: new Date(today.getTime() + DAY) };
const stats = () => querySiteStats(f.database.db, range);
const bucketOf = (s: SiteStats, at: Date) => s.buckets.find((b) => b.start === bucketStart(at, s.interval).toISOString());

let acceptId: string;
let rejectId: string;
let customId: string;

beforeAll(async () => {
  f = await openAdminFixture();
  acceptId = await post({ method: 'accept-all', categories: { necessary: true, analytics: true, marketing: true } });
  rejectId = await post({ method: 'reject-all', categories: { necessary: true, analytics: false, marketing: false } });
  customId = await post({ method: 'custom', categories: { necessary: true, analytics: true, marketing: false } });
  // History: 3 days ago two accept-all and a reject-all; 7 days ago one custom.
  await copyAt(acceptId, daysAgo(3, 9));
  await copyAt(acceptId, daysAgo(3, 23));
  await copyAt(rejectId, daysAgo(3, 0));
  await copyAt(customId, daysAgo(7));
});
afterAll(async () => {
  await f?.close();
});

describe(`dashboard statistics (${testDbKind()})`, () => {
  it('counts receipts per day and method, with opt-in rates per category, before any rollup', async () => {
    const s = await stats();
    expect(s.rolledUpUntil).toBeNull();
    expect(s.buckets).toHaveLength(11);
    expect(s.totals.total).toBe(7);
    expect(s.totals.methods).toEqual({ 'accept-all': 3, 'reject-all': 2, custom: 2, gpc: 0, withdraw: 0 });
    expect(s.totals.categories.analytics).toEqual({ granted: 5, decided: 7, rate: 0.7143 });
    expect(s.totals.categories.marketing).toEqual({ granted: 3, decided: 7, rate: 0.4286 });
    const threeDaysAgo = bucketOf(s, daysAgo(3))!;
    expect(threeDaysAgo.total).toBe(3);
    expect(threeDaysAgo.methods).toMatchObject({ 'accept-all': 2, 'reject-all': 1 });
    expect(bucketOf(s, daysAgo(7))!.methods.custom).toBe(1);
    expect(bucketOf(s, daysAgo(5))!.total).toBe(0);
    expect(bucketOf(s, new Date())!.total).toBe(3);
  });

  it('gives the same answer after the rollup, and rolling up again or concurrently never counts twice', async () => {
    const before = await stats();
    const first = await rollupStats(f.database.db, new Date());
    expect(first).toMatchObject({ ran: true, receipts: 7 });
    const after = await stats();
    expect(after.rolledUpUntil).not.toBeNull();
    expect({ ...after, rolledUpUntil: null }).toEqual(before);

    await post({ method: 'gpc', gpc: true, collection: 'gpc', categories: { necessary: true, analytics: false, marketing: false } });
    const live = await stats();
    expect(live.totals.methods.gpc).toBe(1); // the newest receipt is counted live, before the next rollup
    const rounds = await Promise.all([1, 2, 3].map(() => rollupStats(f.database.db, new Date())));
    expect(rounds.reduce((n, r) => n + r.receipts, 0)).toBe(1);
    const rolled = await stats();
    expect(rolled.totals.total).toBe(8);
    expect(rolled.totals.methods.gpc).toBe(1);
    const stored = await f.database.db.execute<{ n: number }>(sql`select sum(receipts)::int as n from stats_hourly`);
    const rows = Array.isArray(stored) ? stored : (stored as unknown as { rows: Array<{ n: number }> }).rows;
    expect(Number(rows[0]?.n)).toBe(8);
  });

  it('keeps counting receipts that were erased after they were rolled up (the counts are anonymous)', async () => {
    await rollupStats(f.database.db, new Date());
    const before = await stats();
    await f.database.db.execute(sql`delete from receipts where site_id = 'shop'`);
    const after = await stats();
    expect(after.totals).toEqual(before.totals);
  });

  it('groups by hour and by ISO week, in UTC', async () => {
    const byHour = await querySiteStats(f.database.db, { siteId: 'shop', interval: 'hour', from: daysAgo(3, 0), to: daysAgo(2, 0) });
    expect(byHour.buckets).toHaveLength(24);
    expect(byHour.buckets.filter((b) => b.total > 0).map((b) => [new Date(b.start).getUTCHours(), b.total])).toEqual([
      [0, 1],
      [9, 1],
      [23, 1],
    ]);
    const byWeek = await querySiteStats(f.database.db, { ...range, interval: 'week' });
    expect(new Date(byWeek.buckets[0]!.start).getUTCDay()).toBe(1); // Monday
    expect(byWeek.totals.total).toBe(8);
    expect(byWeek.buckets.reduce((n, b) => n + b.total, 0)).toBe(8);
  });

  it('buckets are UTC hours and days whatever time zone the database session uses', async () => {
    const hourRange = { siteId: 'shop', interval: 'hour' as const, from: daysAgo(3, 0), to: daysAgo(2, 0) };
    const inUtc = await querySiteStats(f.database.db, hourRange);
    const lateEvening = daysAgo(2, 23.75); // 23:45 UTC: already the next day in Kolkata (+05:30)
    const [byHour, byDay] = await f.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'Asia/Kolkata'`);
      const db = tx as unknown as Db;
      expect(await querySiteStats(db, hourRange)).toEqual(inUtc);
      // Site b2b starts afresh: one receipt late in the evening (UTC), then its first rollup.
      for (const table of ['stats_rollup_state', 'stats_hourly', 'stats_hourly_categories', 'receipts']) {
        await tx.execute(sql`delete from ${sql.identifier(table)} where site_id = 'b2b'`);
      }
      await insertReceipt(db, f.other, lateEvening);
      expect((await rollupStats(db, new Date())).receipts).toBe(1);
      const b2b = { ...range, siteId: 'b2b' };
      return [
        await querySiteStats(db, { ...b2b, interval: 'hour', from: daysAgo(2, 0), to: daysAgo(1, 0) }),
        await querySiteStats(db, { ...b2b, interval: 'day' }),
      ];
    });
    expect(byHour.buckets.filter((b) => b.total > 0).map((b) => b.start)).toEqual([new Date(daysAgo(2, 23)).toISOString()]);
    expect(byHour.rolledUpUntil).not.toBeNull();
    expect(bucketOf(byDay, daysAgo(2))!.total).toBe(1);
    expect(bucketOf(byDay, daysAgo(1))!.total).toBe(0);
  });

  it("counts a new site's receipt that commits after its first rollup with an earlier time, within the lag", async () => {
    const site = await createSite(f.database.db, { id: 'newcomer', name: 'Newcomer', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
    const until = new Date(Date.now() - ROLLUP_LAG_MS);
    // Its first receipt arrived a minute after the rollup's mark; the rollup runs before another one, which arrived
    // half a minute after the mark, has committed (a micro-batch in flight): the lag is there for exactly that one.
    await insertReceipt(f.database.db, site, new Date(until.getTime() + 60_000));
    await rollupStats(f.database.db, until);
    await insertReceipt(f.database.db, site, new Date(until.getTime() + 30_000));
    await rollupStats(f.database.db);
    const s = await querySiteStats(f.database.db, { siteId: 'newcomer', interval: 'day' });
    expect(s.totals.total).toBe(2);
  });

  it('the timer rolls up on its own and stops cleanly; interval 0 means no timer', async () => {
    await f.database.db.execute(sql`delete from stats_rollup_state where site_id = 'b2b'`);
    const marked = async () => {
      const result = await f.database.db.execute<{ n: number }>(sql`select count(*)::int as n from stats_rollup_state where site_id = 'b2b'`);
      const rows = Array.isArray(result) ? result : (result as unknown as { rows: Array<{ n: number }> }).rows;
      return Number(rows[0]?.n);
    };
    const off = startStatsRollup(f.database, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await off.stop();
    expect(await marked()).toBe(0);
    const timer = startStatsRollup(f.database, 50);
    await expect.poll(marked, { timeout: 5_000 }).toBe(1);
    await timer.stop();
  });

  describe('GET /v1/admin/sites/{siteId}/stats', () => {
    const url = `/v1/admin/sites/shop/stats?from=${range.from.toISOString()}&to=${range.to.toISOString().slice(0, 10)}&interval=day`;

    it('answers the counts to a viewer of the site (marketing) and to an owner', async () => {
      for (const email of [f.users.shopViewer, f.users.owner]) {
        const res = await asUser(f.app, await signIn(f.app, email), url);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toContain('no-store');
        const body = (await res.json()) as SiteStats;
        expect(body.totals.total).toBe(8);
        expect(body.buckets).toHaveLength(11);
        expect(body.interval).toBe('day');
      }
    });

    it('exports the same numbers as CSV, one line per day of the range, for a spreadsheet', async () => {
      const owner = await signIn(f.app, f.users.owner);
      const json = (await (await asUser(f.app, owner, url)).json()) as SiteStats;
      const res = await asUser(f.app, owner, `${url}&format=csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const lastDay = new Date(range.to.getTime() - DAY).toISOString().slice(0, 10);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="consent-stats-shop-day-${range.from.toISOString().slice(0, 10)}-${lastDay}.csv"`,
      );
      const lines = (await res.text()).split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe(
        'start,end,receipts,accept-all,reject-all,custom,gpc,withdraw,' +
          'analytics granted,analytics decided,analytics opt-in rate,marketing granted,marketing decided,marketing opt-in rate',
      );
      const rows = lines.slice(1).map((line) => line.split(','));
      expect(rows).toHaveLength(11);
      expect(rows.map((r) => r[0])).toEqual(json.buckets.map((b) => b.start));
      // Each line ends where the next starts; the last one at the range's end.
      expect(rows.map((r) => r[1])).toEqual([...json.buckets.slice(1).map((b) => b.start), json.to]);
      const threeDaysAgo = rows.find((r) => r[0] === bucketStart(daysAgo(3), 'day').toISOString())!;
      expect(threeDaysAgo.slice(2, 8)).toEqual(['3', '2', '1', '0', '0', '0']);
      expect(threeDaysAgo.slice(8)).toEqual(['2', '3', '0.6667', '2', '3', '0.6667']);
      // A day nobody decided anything has no rate (not 0 %).
      const fiveDaysAgo = rows.find((r) => r[0] === bucketStart(daysAgo(5), 'day').toISOString())!;
      expect(fiveDaysAgo.slice(2)).toEqual(['0', '0', '0', '0', '0', '0', '0', '0', '', '0', '0', '']);
      const sum = (col: number) => rows.reduce((n, r) => n + Number(r[col]), 0);
      expect(sum(2)).toBe(json.totals.total);
      expect(sum(8)).toBe(json.totals.categories.analytics!.granted);
    });

    it('refuses callers who are not signed in or may not see the site, and reports bad ranges', async () => {
      expect((await f.app.request(url)).status).toBe(401);
      expect((await asUser(f.app, await signIn(f.app, f.users.b2bAdmin), url)).status).toBe(403);
      const owner = await signIn(f.app, f.users.owner);
      const tooMany = await asUser(f.app, owner, '/v1/admin/sites/shop/stats?from=2020-01-01&to=2026-01-01&interval=hour');
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(/larger interval/);
      // The same code as the receipt search and the audit log give for the same mistake.
      const backwards = await asUser(f.app, owner, '/v1/admin/sites/shop/stats?from=2026-03-02&to=2026-03-01');
      expect(await backwards.json()).toEqual({ error: { code: 'validation_failed', message: '"from" must be before "to"' } });
      expect((await asUser(f.app, owner, '/v1/admin/sites/shop/stats?from=yesterday')).status).toBe(400);
      expect((await asUser(f.app, owner, '/v1/admin/sites/nope/stats')).status).toBe(404);
      for (const bad of ['2026-02-30', '2026-03-01T12:00:00', '2026-13-01', '0000-01-01']) {
        expect((await asUser(f.app, owner, `/v1/admin/sites/shop/stats?from=${bad}`)).status, bad).toBe(400);
      }
      // Rounded out to whole buckets, these would name years PostgreSQL cannot read.
      for (const range of ['to=0000-01-01', 'from=9998-12-30&to=9999-12-31T12:00:00Z&interval=day']) {
        expect((await asUser(f.app, owner, `/v1/admin/sites/shop/stats?${range}`)).status, range).toBe(400);
      }
      // Access is checked before the query: another site's admin gets 403 for a bad query too, not a 400.
      const b2b = await signIn(f.app, f.users.b2bAdmin);
      expect((await asUser(f.app, b2b, '/v1/admin/sites/shop/stats?from=garbage&interval=x')).status).toBe(403);
    });
  });
});
