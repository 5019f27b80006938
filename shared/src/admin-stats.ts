/**
 * Dashboard statistics: the answer of `GET /v1/admin/sites/{siteId}/stats`.
 * Counts come from anonymous hourly rollups plus a live count of the receipts not rolled up yet; buckets are UTC.
 */
import { z } from 'zod';
import type { ConsentMethod } from './schemas.js';

export const STATS_INTERVALS = ['hour', 'day', 'week'] as const;
export const StatsInterval = z.enum(STATS_INTERVALS);
export type StatsInterval = z.infer<typeof StatsInterval>;

/** Receipts per consent method (every method is present, 0 when none). */
const count = z.number().int().nonnegative();
export const MethodCounts = z.object({ 'accept-all': count, 'reject-all': count, custom: count, gpc: count, withdraw: count });
export type MethodCounts = z.infer<typeof MethodCounts> & Record<ConsentMethod, number>;

/**
 * Of the receipts that decided a category, how many granted it; `rate` = granted / decided rounded to 4 decimals
 * (null when none decided).
 */
export const CategoryCounts = z.object({
  granted: count,
  decided: count,
  rate: z.number().min(0).max(1).nullable(),
});
export type CategoryCounts = z.infer<typeof CategoryCounts>;

export const StatsBucket = z.object({
  /** Start of the bucket (ISO 8601, UTC); the bucket ends where the next one starts. */
  start: z.string(),
  total: count,
  methods: MethodCounts,
  categories: z.record(z.string(), CategoryCounts),
});
export type StatsBucket = z.infer<typeof StatsBucket>;

export const SiteStats = z.object({
  siteId: z.string(),
  interval: StatsInterval,
  /** Effective range: `from` rounded down to the start of its bucket; `to` exclusive. */
  from: z.string(),
  to: z.string(),
  /** Receipts before this time are counted in the hourly rollup; later ones were counted live. */
  rolledUpUntil: z.string().nullable(),
  /** Sums over the whole range. */
  totals: StatsBucket.omit({ start: true }),
  /** Every bucket of the range in time order, empty ones included. */
  buckets: z.array(StatsBucket),
});
export type SiteStats = z.infer<typeof SiteStats>;

/** Opt-in rate of a category (4 decimals: 0.01 % steps); null when no receipt decided it. */
export function optInRate(granted: number, decided: number): number | null {
  return decided > 0 ? Math.round((granted / decided) * 10_000) / 10_000 : null;
}
