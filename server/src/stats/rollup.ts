/**
 * The stats rollup: counts receipts created since each site's `stats_rollup_state.rolled_up_until` into the
 * anonymous hourly tables (`stats_hourly`, `stats_hourly_categories`) and moves the mark forward, in one
 * transaction per step. Safe with several server instances: a transaction-scoped advisory lock lets one instance
 * roll up at a time (the others skip that round), and the counts and the mark commit together, so no receipt is
 * counted twice or skipped.
 *
 * The mark stays `ROLLUP_LAG_MS` behind the clock: a receipt's `created_at` is taken when its request arrives and it
 * commits a little later (micro-batches), so the most recent minutes are left to the live count of the stats query.
 * The receipt writer refuses a receipt that would commit later than half the lag (MAX_STORE_DELAY_MS, batch-writer.ts),
 * so none commits behind the mark.
 * A big backlog (first run on an existing database) is done in steps of at most `ROLLUP_STEP_DAYS` per site, so no
 * transaction runs for long. The job never touches `POST /v1/receipts`: it runs on a timer (CG_STATS_ROLLUP_MS).
 *
 * The hourly counts hold no subject ids or receipt ids. Receipts purged by retention or erased on request later
 * stay counted in them; that is intended (the charts show how many choices were made, not who made them).
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { startPeriodicJob, type PeriodicJob } from '../jobs/periodic-job.js';

/** How far behind the clock the rolled-up mark stays. */
export const ROLLUP_LAG_MS = 5 * 60_000;
/** Largest time span rolled up for one site in one transaction. */
export const ROLLUP_STEP_DAYS = 7;
/** Any constant shared by all instances; the key of the advisory lock. */
const ROLLUP_LOCK_KEY = 0x63677374; // "cgst"

export interface RollupResult {
  /** False when another instance held the lock (nothing was done by this call). */
  ran: boolean;
  /** Receipts counted into the hourly tables by this call. */
  receipts: number;
  /** Transactions (steps) it took. */
  steps: number;
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** One step: at most ROLLUP_STEP_DAYS per site, up to `until`. Returns null when the lock is held elsewhere. */
async function rollupStep(db: Db, until: Date): Promise<{ receipts: number; pending: boolean } | null> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}) as locked`));
    if (!lock?.locked) return null;
    const untilIso = until.toISOString();
    // Sites never rolled up start at their first receipt, but never after `until` (least() skips a null: no receipt
    // yet): a first receipt within the lag is no sign that none before it is still on its way to a commit.
    await tx.execute(sql`
      insert into stats_rollup_state (site_id, rolled_up_until)
      select s.id, least((select min(r.created_at) from receipts r where r.site_id = s.id), ${untilIso}::timestamptz)
      from sites s
      where not exists (select 1 from stats_rollup_state st where st.site_id = s.id)
      on conflict (site_id) do nothing`);
    // Each site's range goes into the statements as plain values, so PostgreSQL plans an index range scan on
    // (site_id, created_at) that reads just those receipts (a join against computed bounds may scan far more).
    // Marks travel as text so no precision is lost on the way through JavaScript.
    const due = rowsOf<{ site_id: string; since: string; upto: string; partial: boolean }>(
      await tx.execute(sql`
        select site_id, rolled_up_until::text as since,
               least(${untilIso}::timestamptz, rolled_up_until + make_interval(days => ${ROLLUP_STEP_DAYS}))::text as upto,
               rolled_up_until + make_interval(days => ${ROLLUP_STEP_DAYS}) < ${untilIso}::timestamptz as partial
        from stats_rollup_state
        where rolled_up_until < ${untilIso}::timestamptz order by site_id`),
    );
    let receipts = 0;
    let pending = false;
    for (const { site_id: siteId, since, upto, partial } of due) {
      if (partial) pending = true;
      const range = sql`r.site_id = ${siteId} and r.created_at >= ${since}::timestamptz and r.created_at < ${upto}::timestamptz`;
      const [counted] = rowsOf<{ n: number }>(
        await tx.execute(sql`
          with fresh as (
            select date_trunc('hour', r.created_at at time zone 'UTC') at time zone 'UTC' as hour, r.method, count(*)::int as n
            from receipts r where ${range}
            group by 1, 2
          ),
          counted as (
            insert into stats_hourly as h (site_id, hour, method, receipts)
            select ${siteId}, hour, method, n from fresh
            on conflict (site_id, hour, method) do update set receipts = h.receipts + excluded.receipts
          )
          select coalesce(sum(n), 0)::int as n from fresh`),
      );
      const n = Number(counted?.n ?? 0);
      receipts += n;
      if (n > 0) {
        await tx.execute(sql`
          insert into stats_hourly_categories as c (site_id, hour, category, granted, decided)
          select ${siteId}, date_trunc('hour', r.created_at at time zone 'UTC') at time zone 'UTC', d.key,
                 (count(*) filter (where d.value = 'true'::jsonb))::int, count(*)::int
          from receipts r cross join lateral jsonb_each(r.categories) as d(key, value)
          where ${range}
          group by 2, 3
          on conflict (site_id, hour, category) do update
            set granted = c.granted + excluded.granted, decided = c.decided + excluded.decided`);
      }
      await tx.execute(sql`update stats_rollup_state set rolled_up_until = ${upto}::timestamptz where site_id = ${siteId}`);
    }
    return { receipts, pending };
  });
}

/** Rolls every site up to `now - ROLLUP_LAG_MS` (or `until`), step by step. */
export async function rollupStats(db: Db, until: Date = new Date(Date.now() - ROLLUP_LAG_MS)): Promise<RollupResult> {
  const result: RollupResult = { ran: false, receipts: 0, steps: 0 };
  for (;;) {
    const step = await rollupStep(db, until);
    if (!step) return result;
    result.ran = true;
    result.steps++;
    result.receipts += step.receipts;
    if (!step.pending) return result;
  }
}

export type StatsRollupTimer = PeriodicJob;

/** Runs `rollupStats` every `intervalMs` (0 turns it off); the first round 5 s after start, to catch up. */
export function startStatsRollup(database: Database, intervalMs: number): StatsRollupTimer {
  return startPeriodicJob('stats rollup', intervalMs, 5_000, () => rollupStats(database.db));
}
