/**
 * A few seconds of per-process memory for site lookups on the receipt hot path.
 * Writes through sites.ts clear the entry at once; other instances see a change within TTL_MS,
 * so instances stay stateless in every way that matters.
 */
import { eq } from 'drizzle-orm';
import { SiteId } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { sites } from '../db/schema.js';

const TTL_MS = 2_000;
type SiteRow = typeof sites.$inferSelect;
interface Entry {
  at: number;
  site: Promise<SiteRow | undefined>;
}
const caches = new WeakMap<Db, Map<string, Entry>>();
const unionCache = new WeakMap<Db, { at: number; origins: Promise<Set<string>> }>();

function cacheFor(db: Db): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** Wraps the database work of a cache miss (a deadline, say): a hit is answered from memory with no extra cost. */
export type MissGuard = <T>(work: Promise<T>) => Promise<T>;
export const unguarded: MissGuard = (work) => work;

export function getCachedSite(db: Db, siteId: string, guard: MissGuard = unguarded): Promise<SiteRow | undefined> {
  // An id no site can have (a NUL, upper case, …) is unknown without asking the database.
  if (!SiteId.safeParse(siteId).success) return Promise.resolve(undefined);
  const cache = cacheFor(db);
  const now = Date.now();
  const hit = cache.get(siteId);
  if (hit && now - hit.at < TTL_MS) return hit.site;
  const site = guard(
    db
      .select()
      .from(sites)
      .where(eq(sites.id, siteId))
      .limit(1)
      .then((rows) => rows[0]),
  );
  // A site row carries its version's texts in every language (≈ 20 KB): keep only sites asked for lately.
  if (cache.size >= 1_000) {
    for (const [id, entry] of cache) if (now - entry.at >= TTL_MS) cache.delete(id);
    if (cache.size >= 10_000) cache.clear();
  }
  cache.set(siteId, { at: now, site });
  // A failed lookup (database down) must not be remembered.
  site.catch(() => {
    if (cache.get(siteId)?.site === site) cache.delete(siteId);
  });
  return site;
}

export function forgetCachedSite(db: Db, siteId: string): void {
  caches.get(db)?.delete(siteId);
  unionCache.delete(db);
}


/** Every origin some site allows (for CORS preflights, which carry no site id). */
export function getAllowedOriginUnion(db: Db): Promise<Set<string>> {
  const now = Date.now();
  const hit = unionCache.get(db);
  if (hit && now - hit.at < TTL_MS) return hit.origins;
  const origins = db
    .select({ allowedOrigins: sites.allowedOrigins })
    .from(sites)
    .then((rows) => new Set(rows.flatMap((r) => r.allowedOrigins)));
  const entry = { at: now, origins };
  unionCache.set(db, entry);
  origins.catch(() => {
    if (unionCache.get(db) === entry) unionCache.delete(db);
  });
  return origins;
}
