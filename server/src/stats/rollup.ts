/**
 * The stats rollup: counts receipts created since each site's `stats_rollup_state.rolled_up_until` into the
 * anonymous hourly tables (`stats_hourly`, `stats_hourly_categories`) and moves the mark forward, in one
 * transaction per step. Safe with several server instances: a transaction-scoped advisory lock lets one instance
 * roll up at a time (the others skip that round), and the counts and the mark commit together, so no receipt is
 * counted twice or skipped.
 *
 * The mark stays `ROLLUP_LAG_MS` behind the clock: a receipt's `created_at` is taken when its request arrives and it
 * commits a little later (micro-batches), so the most recent minutes are left to the live count of the stats query.
 * A big backlog (first run on an existing database) is done in steps of at most `ROLLUP_STEP_DAYS` per site, so no
 * transaction runs for long. The job never touches `POST /v1/receipts`: it runs on a timer (CG_STATS_ROLLUP_MS).
 *
 * The hourly counts hold no subject ids or receipt ids. Receipts purged by retention or erased on request later
 * stay counted in them; that is intended (the charts show how many choices were made, not who made them).
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';

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
    // Sites never rolled up start at their first receipt (or at `until` when they have none yet).
    await tx.execute(sql`
      insert into stats_rollup_state (site_id, rolled_up_until)
      select s.id, coalesce((select min(r.created_at) from receipts r where r.site_id = s.id), ${untilIso}::timestamptz)
      from sites s
      where not exists (select 1 from stats_rollup_state st where st.site_id = s.id)
      on conflict (site_id) do nothing`);
    const bounds = sql`
      select site_id, rolled_up_until as since,
             least(${untilIso}::timestamptz, rolled_up_until + make_interval(days => ${ROLLUP_STEP_DAYS})) as upto
      from stats_rollup_state
      where rolled_up_until < ${untilIso}::timestamptz`;
    const [counted] = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with bounds as (${bounds}),
        fresh as (
          select r.site_id, date_trunc('hour', r.created_at at time zone 'UTC') at time zone 'UTC' as hour, r.method
          from bounds b join receipts r on r.site_id = b.site_id and r.created_at >= b.since and r.created_at < b.upto
        ),
        counted as (
          insert into stats_hourly as h (site_id, hour, method, receipts)
          select site_id, hour, method, count(*)::int from fresh group by site_id, hour, method
          on conflict (site_id, hour, method) do update set receipts = h.receipts + excluded.receipts
        )
        select count(*)::int as n from fresh`),
    );
    await tx.execute(sql`
      with bounds as (${bounds})
      insert into stats_hourly_categories as c (site_id, hour, category, granted, decided)
      select r.site_id, date_trunc('hour', r.created_at at time zone 'UTC') at time zone 'UTC', d.key,
             (count(*) filter (where d.value = 'true'::jsonb))::int, count(*)::int
      from bounds b
      join receipts r on r.site_id = b.site_id and r.created_at >= b.since and r.created_at < b.upto
      cross join lateral jsonb_each(r.categories) as d(key, value)
      group by 1, 2, 3
      on conflict (site_id, hour, category) do update
        set granted = c.granted + excluded.granted, decided = c.decided + excluded.decided`);
    const moved = rowsOf<{ upto: string | Date }>(
      await tx.execute(sql`
        with bounds as (${bounds})
        update stats_rollup_state st set rolled_up_until = b.upto from bounds b where st.site_id = b.site_id
        returning b.upto`),
    );
    const pending = moved.some((row) => new Date(row.upto).getTime() < until.getTime());
    return { receipts: Number(counted?.n ?? 0), pending };
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

export interface StatsRollupTimer {
  /** Stops the timer and waits for a running rollup to finish. */
  stop(): Promise<void>;
}

/** Runs `rollupStats` every `intervalMs` (0 turns it off). Errors are logged; the next round tries again. */
export function startStatsRollup(database: Database, intervalMs: number): StatsRollupTimer {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return; // a long catch-up round is still going
    running = rollupStats(database.db)
      .catch((err: unknown) => {
        if (!stopped) console.error('[consentgate] stats rollup failed:', err);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // A first round soon after start, so a restarted server catches up without waiting a whole interval.
  const first = setTimeout(tick, Math.min(intervalMs, 5_000));
  first.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
