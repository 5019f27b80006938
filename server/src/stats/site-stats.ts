/**
 * The stats query behind the dashboard's charts: per UTC bucket (hour, day or ISO week) the receipts per method and
 * the per-category opt-in counts of one site. Rolled-up hours come from `stats_hourly*`; receipts newer than the
 * site's rolled-up mark are counted live from `receipts`, in the same statement (one snapshot), so the answer is
 * current and never counts a receipt twice even while a rollup commits.
 */
import { sql } from 'drizzle-orm';
import { CONSENT_METHODS, optInRate, type CategoryCounts, type MethodCounts, type SiteStats, type StatsBucket, type StatsInterval } from '@consentgate/shared';
import type { Db } from '../db/client.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Most buckets one answer may hold (about 208 days by hour). */
export const MAX_BUCKETS = 5_000;

export class StatsRangeError extends Error {}

/** Start of the UTC bucket holding `time`. Weeks start on Monday (ISO 8601), like PostgreSQL's date_trunc('week'). */
export function bucketStart(time: Date, interval: StatsInterval): Date {
  const ms = time.getTime();
  if (interval === 'hour') return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (interval === 'day') return new Date(day);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day - weekday * DAY_MS);
}

export function nextBucket(start: Date, interval: StatsInterval): Date {
  const step = interval === 'hour' ? HOUR_MS : interval === 'day' ? DAY_MS : 7 * DAY_MS;
  return new Date(start.getTime() + step);
}

export interface StatsQuery {
  siteId: string;
  interval: StatsInterval;
  /** Inclusive; rounded down to the start of its bucket. Default: 30 days before `to`. */
  from?: Date | undefined;
  /** Exclusive; rounded up to a bucket boundary. Default: now. */
  to?: Date | undefined;
}

/** What the statement answers (as JSON text); times in seconds since the epoch. */
interface Answer {
  m: Array<[t: number, ...counts: Array<number | null>]>;
  c: Array<[t: number, category: string, granted: number, decided: number]>;
  u: number | null;
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

function emptyMethods(): MethodCounts {
  return Object.fromEntries(CONSENT_METHODS.map((m) => [m, 0])) as MethodCounts;
}

/** The effective range: `from` down to its bucket start, `to` up to the next boundary. */
export function statsRange(query: StatsQuery, now = new Date()): { from: Date; to: Date } {
  const toRaw = query.to ?? now;
  const toStart = bucketStart(toRaw, query.interval);
  const to = toStart.getTime() === toRaw.getTime() ? toStart : nextBucket(toStart, query.interval);
  const from = bucketStart(query.from ?? new Date(to.getTime() - 30 * DAY_MS), query.interval);
  if (from.getTime() >= to.getTime()) throw new StatsRangeError('"from" must be before "to"');
  const buckets = Math.ceil((to.getTime() - from.getTime()) / nextBucket(new Date(0), query.interval).getTime());
  if (buckets > MAX_BUCKETS) {
    throw new StatsRangeError(`the range holds ${buckets} ${query.interval} buckets; at most ${MAX_BUCKETS} are allowed, pick a larger interval`);
  }
  return { from, to };
}

export async function querySiteStats(db: Db, query: StatsQuery, now = new Date()): Promise<SiteStats> {
  const { siteId, interval } = query;
  const { from, to } = statsRange(query, now);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  // One statement: the rolled-up mark, the hourly rows and the live tail all come from the same snapshot. The mark is
  // a scalar subquery (not a CTE) so the tail's lower bound becomes an index condition on (site_id, created_at).
  // JIT is off: the planner cannot know how small the tail is, and compiling would cost more than the whole query.
  const mark = sql`coalesce((select rolled_up_until from stats_rollup_state where site_id = ${siteId}), '-infinity'::timestamptz)`;
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return tx.execute(sql`
    with tail as (
      select r.created_at, r.method, r.categories from receipts r
      where r.site_id = ${siteId} and r.created_at >= greatest(${fromIso}::timestamptz, ${mark}) and r.created_at < ${toIso}::timestamptz
    ),
    methods as (
      select date_trunc(${interval}, h.hour at time zone 'UTC') as bucket, h.method::text as key, h.receipts::bigint as n
      from stats_hourly h
      where h.site_id = ${siteId} and h.hour >= ${fromIso}::timestamptz and h.hour < ${toIso}::timestamptz
      union all
      select date_trunc(${interval}, t.created_at at time zone 'UTC'), t.method::text, 1 from tail t
    ),
    categories as (
      select date_trunc(${interval}, c.hour at time zone 'UTC') as bucket, c.category as key, c.granted::bigint as g, c.decided::bigint as d
      from stats_hourly_categories c
      where c.site_id = ${siteId} and c.hour >= ${fromIso}::timestamptz and c.hour < ${toIso}::timestamptz
      union all
      select date_trunc(${interval}, t.created_at at time zone 'UTC'), d.key, case when d.value = 'true'::jsonb then 1 else 0 end, 1
      from tail t cross join lateral jsonb_each(t.categories) as d(key, value)
    ),
    -- One JSON text (parsed by JSON.parse, far cheaper than thousands of driver rows): methods pivoted to one array
    -- per bucket [t, accept-all, reject-all, custom, gpc, withdraw] (CONSENT_METHODS order), categories one array per
    -- bucket and category [t, key, granted, decided], buckets as epoch seconds, and the rolled-up mark.
    m as (
      select extract(epoch from bucket)::bigint as t,
             sum(n) filter (where key = 'accept-all') as a, sum(n) filter (where key = 'reject-all') as b,
             sum(n) filter (where key = 'custom') as c, sum(n) filter (where key = 'gpc') as d,
             sum(n) filter (where key = 'withdraw') as e
      from methods group by bucket
    ),
    c as (select extract(epoch from bucket)::bigint as t, key, sum(g) as g, sum(d) as d from categories group by bucket, key)
    select json_build_object(
      'm', (select coalesce(json_agg(json_build_array(t, a, b, c, d, e)), '[]') from m),
      'c', (select coalesce(json_agg(json_build_array(t, key, g, d)), '[]') from c),
      'u', (select case when v = '-infinity'::timestamptz then null else extract(epoch from v) end from (select ${mark} as v) mark)
    )::text as stats`);
  });

  const byStart = new Map<number, StatsBucket>();
  const buckets: StatsBucket[] = [];
  for (let start = from; start < to; start = nextBucket(start, interval)) {
    const bucket: StatsBucket = { start: start.toISOString(), total: 0, methods: emptyMethods(), categories: {} };
    buckets.push(bucket);
    byStart.set(start.getTime() / 1000, bucket);
  }
  const totals: Omit<StatsBucket, 'start'> = { total: 0, methods: emptyMethods(), categories: {} };
  const addCategory = (into: Record<string, CategoryCounts>, key: string, granted: number, decided: number) => {
    const sum = into[key] ?? { granted: 0, decided: 0, rate: null };
    sum.granted += granted;
    sum.decided += decided;
    sum.rate = optInRate(sum.granted, sum.decided);
    into[key] = sum;
  };
  const answer = JSON.parse(rowsOf<{ stats: string }>(result)[0]!.stats) as Answer;
  for (const [t, ...counts] of answer.m) {
    const bucket = byStart.get(Number(t));
    if (!bucket) continue;
    CONSENT_METHODS.forEach((method, i) => {
      const n = Number(counts[i] ?? 0);
      bucket.methods[method] += n;
      bucket.total += n;
      totals.methods[method] += n;
      totals.total += n;
    });
  }
  for (const [t, category, granted, decided] of answer.c) {
    const bucket = byStart.get(Number(t));
    if (!bucket) continue;
    addCategory(bucket.categories, category, Number(granted), Number(decided));
    addCategory(totals.categories, category, Number(granted), Number(decided));
  }
  const rolledUpUntil = answer.u === null ? null : new Date(Number(answer.u) * 1000).toISOString();
  return { siteId, interval, from: fromIso, to: toIso, rolledUpUntil, totals, buckets };
}
