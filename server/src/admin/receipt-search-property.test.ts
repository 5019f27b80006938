/**
 * Property test: paging through a site's receipts with any page size, any time filter and many receipts sharing
 * their creation time (to the microsecond, or a microsecond apart) yields every matching receipt exactly once,
 * newest first, ties in a stable order: the keyset cursor neither skips nor repeats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { receipts } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { bareReceiptRow, useFreshSites } from '../testing/fresh-sites.js';
import { allReceipts, parseCursor, searchReceipts } from './receipt-search.js';

const sites = useFreshSites('paging');

const RUNS = Math.round(Number(process.env.CG_FUZZ_RUNS ?? 3000) / 100);
const BASE = Date.UTC(2026, 5, 1, 12);

/** A creation time in microseconds after BASE: few distinct values, so many receipts share one. */
const micros = fc.oneof(fc.constantFrom(0, 1, 999, 1000, 1001, 86_400_000_000), fc.integer({ min: 0, max: 5 }).map((n) => n * 1_000_000));

describe(`receipt search pages (${testDbKind()})`, () => {
  it('yield every match once, newest first, for any page size and range', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(micros, { maxLength: 25 }),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.tuple(micros, micros), { nil: undefined }),
        async (times, limit, range) => {
          const site = await sites.newSite();
          const db = sites.fixture.database.db;
          const stored: Array<{ receiptId: string; micros: number }> = [];
          for (const t of times) {
            // Microseconds, which a JavaScript Date cannot carry, computed by the database.
            const row = bareReceiptRow(site, sql`timestamptz 'epoch' + (${BASE * 1000 + t}::bigint * interval '1 microsecond')`);
            await db.insert(receipts).values(row);
            stored.push({ receiptId: row.receiptId, micros: t });
          }
          const [lo, hi] = range ? [Math.min(...range), Math.max(...range)] : [undefined, undefined];
          // The filters take milliseconds: from inclusive, to exclusive.
          const from = lo === undefined ? undefined : new Date(BASE + Math.floor(lo / 1000));
          const to = hi === undefined ? undefined : new Date(BASE + Math.floor(hi / 1000));
          const fromMicros = from ? (from.getTime() - BASE) * 1000 : -Infinity;
          const toMicros = to ? (to.getTime() - BASE) * 1000 : Infinity;
          const want = stored
            .filter((r) => r.micros >= fromMicros && r.micros < toMicros)
            .sort((a, b) => b.micros - a.micros || (a.receiptId < b.receiptId ? 1 : -1))
            .map((r) => r.receiptId);

          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page = await searchReceipts(db, { siteId: site.id, from, to, limit, cursor: cursor ? parseCursor(cursor) : undefined });
            expect(page.receipts.length).toBeLessThanOrEqual(limit);
            seen.push(...page.receipts.map((r) => r.receiptId));
            cursor = page.nextCursor;
            expect(++pages).toBeLessThanOrEqual(want.length + 1);
          } while (cursor);
          expect(seen).toEqual(want);
          // The export walks the same pages.
          const exported: string[] = [];
          for await (const page of allReceipts(db, { siteId: site.id, from, to }, limit)) exported.push(...page.map((r) => r.receiptId));
          expect(exported).toEqual(want);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
