/**
 * Property test: whatever receipts a site has (times, methods, decisions), however often the rollup ran and up to
 * where, and whatever range and interval the dashboard asks for, the statistics equal a plain count of the
 * receipts themselves, bucket by bucket. The one contract the rollup relies on is kept: no receipt is stored with a
 * creation time below a mark the rollup already passed (it stays ROLLUP_LAG_MS behind the clock for that).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_METHODS, optInRate, STATS_INTERVALS, type ConsentMethod, type StatsInterval } from '@consentgate/shared';
import { receipts } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { bareReceiptRow, useFreshSites } from '../testing/fresh-sites.js';
import { rollupStats } from './rollup.js';
import { bucketStart, nextBucket, querySiteStats } from './site-stats.js';

const sites = useFreshSites('stats');

const RUNS = Math.round(Number(process.env.CG_FUZZ_RUNS ?? 3000) / 75);
const HOUR = 3_600_000;
/** The test's history: 21 days ending at a fixed time (not on any bucket boundary). */
const START = Date.UTC(2026, 2, 4, 7, 13, 5, 250);
const SPAN = 21 * 24 * HOUR;

interface Stored {
  at: number;
  method: ConsentMethod;
  categories: Record<string, boolean>;
}

const receipt = fc.record({
  at: fc.integer({ min: 0, max: SPAN - 1 }),
  method: fc.constantFrom(...CONSENT_METHODS),
  analytics: fc.boolean(),
  marketing: fc.boolean(),
});
/** Rounds of "receipts arrive, then the rollup runs up to some point", then the dashboard asks. */
const history = fc.record({
  rounds: fc.array(fc.record({ receipts: fc.array(receipt, { maxLength: 12 }), rollupTo: fc.option(fc.integer({ min: 0, max: SPAN }), { nil: undefined }) }), { minLength: 1, maxLength: 4 }),
  queries: fc.array(
    fc.record({ interval: fc.constantFrom(...STATS_INTERVALS), from: fc.integer({ min: -2 * 24 * HOUR, max: SPAN }), length: fc.integer({ min: 1, max: SPAN }) }),
    { minLength: 1, maxLength: 3 },
  ),
});

/** The statistics counted straight from the receipts, in the buckets the answer has. */
function expected(stored: Stored[], buckets: string[], interval: StatsInterval) {
  const within = (s: Stored) => buckets.includes(bucketStart(new Date(s.at), interval).toISOString());
  const count = (list: Stored[]) => {
    const methods = Object.fromEntries(CONSENT_METHODS.map((m) => [m, list.filter((s) => s.method === m).length]));
    const categories: Record<string, { granted: number; decided: number; rate: number | null }> = {};
    for (const id of ['necessary', 'analytics', 'marketing']) {
      const granted = list.filter((s) => s.categories[id]).length;
      if (list.length > 0) categories[id] = { granted, decided: list.length, rate: optInRate(granted, list.length) };
    }
    return { total: list.length, methods, categories };
  };
  return {
    totals: count(stored.filter(within)),
    buckets: buckets.map((start) => ({ start, ...count(stored.filter((s) => bucketStart(new Date(s.at), interval).toISOString() === start)) })),
  };
}

describe(`statistics against a plain count (${testDbKind()})`, () => {
  it('equal the receipts counted by hand, rolled up or not, for any range and interval', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ rounds, queries }) => {
        const site = await sites.newSite();
        const db = sites.fixture.database.db;
        const stored: Stored[] = [];
        let mark = 0;
        for (const round of rounds) {
          // Nothing arrives below a mark the rollup passed: those receipts come at or after it.
          const arriving = round.receipts.map((r) => ({
            at: START + Math.max(r.at, mark),
            method: r.method,
            categories: { necessary: true, analytics: r.analytics, marketing: r.marketing },
          }));
          if (arriving.length > 0) {
            await db.insert(receipts).values(arriving.map((r) => bareReceiptRow(site, new Date(r.at), r)));
          }
          stored.push(...arriving);
          if (round.rollupTo !== undefined) {
            await rollupStats(db, new Date(START + round.rollupTo));
            mark = Math.max(mark, round.rollupTo);
          }
        }
        for (const q of queries) {
          const from = new Date(START + q.from);
          const to = new Date(START + q.from + q.length);
          const answer = await querySiteStats(db, { siteId: site.id, interval: q.interval, from, to }, new Date(START + SPAN));
          // The range covers whole buckets: from the one holding `from` to the one holding the last instant before `to`.
          expect(answer.buckets[0]!.start).toBe(bucketStart(from, q.interval).toISOString());
          expect(nextBucket(new Date(answer.buckets.at(-1)!.start), q.interval).getTime()).toBeGreaterThanOrEqual(to.getTime());
          const want = expected(stored, answer.buckets.map((b) => b.start), q.interval);
          expect(answer.totals).toEqual(want.totals);
          expect(answer.buckets).toEqual(want.buckets);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
