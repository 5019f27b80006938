/**
 * The published policy versions of sites, as the receipt check needs them, kept in per-process memory.
 * A version never changes once written (site_policy_versions is only ever appended to), so an entry stays valid for
 * the life of the process; only the number of entries is bounded. A version that does not exist is not remembered:
 * it may be published a moment later (by this or another instance).
 */
import type { Db } from '../db/client.js';
import { unguarded, type MissGuard } from './site-cache.js';
import { getPolicyVersion } from './sites.js';

const MAX_ENTRIES = 2_000;

/** What a receipt is checked against: one published version of a site's consent config. */
export interface ReceiptPolicy {
  configHash: string;
  /** Every category id of the version, in config order. */
  categories: readonly string[];
  /** Categories that cannot be refused: `necessary` and those marked `required`. */
  required: ReadonlySet<string>;
  /** Categories that stay refused under Global Privacy Control. */
  optOutOnGpc: ReadonlySet<string>;
  /** Category of every service of the version. */
  serviceCategory: ReadonlyMap<string, string>;
  /** What the version's notice said about who asks and for how long: signed into the receipt. */
  notice: ReceiptNotice;
}

export interface ReceiptNotice {
  controller: { name: string; contact: string } | null;
  policyUrl: string | null;
  consentMaxAgeDays: number;
  jurisdiction: string | null;
  withdrawalUrl: string | null;
}

const caches = new WeakMap<Db, Map<string, Promise<ReceiptPolicy | undefined>>>();

function cacheFor(db: Db): Map<string, Promise<ReceiptPolicy | undefined>> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

async function loadPolicy(db: Db, siteId: string, version: number): Promise<ReceiptPolicy | undefined> {
  const row = await getPolicyVersion(db, siteId, version);
  if (!row) return undefined;
  const { categories, services, controller, policyUrl, consentMaxAgeDays, jurisdiction, withdrawalUrl } = row.config;
  return {
    configHash: row.configHash,
    categories: categories.map((c) => c.id),
    required: new Set(categories.filter((c) => c.id === 'necessary' || c.required).map((c) => c.id)),
    optOutOnGpc: new Set(categories.filter((c) => c.optOutOnGpc).map((c) => c.id)),
    serviceCategory: new Map((services ?? []).map((s) => [s.id, s.category])),
    notice: {
      controller: controller ?? null,
      policyUrl: policyUrl ?? null,
      consentMaxAgeDays: consentMaxAgeDays ?? 182,
      jurisdiction: jurisdiction ?? null,
      withdrawalUrl: withdrawalUrl ?? null,
    },
  };
}

/** Policy version `version` of site `siteId`, or undefined when the site never published it. */
export function getCachedPolicy(db: Db, siteId: string, version: number, guard: MissGuard = unguarded): Promise<ReceiptPolicy | undefined> {
  const cache = cacheFor(db);
  const key = `${version}|${siteId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const policy = guard(loadPolicy(db, siteId, version));
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, policy);
  const forget = () => {
    if (cache.get(key) === policy) cache.delete(key);
  };
  // Neither a missing version nor a failed lookup (database down) is remembered.
  void policy.then((found) => {
    if (!found) forget();
  }, forget);
  return policy;
}
