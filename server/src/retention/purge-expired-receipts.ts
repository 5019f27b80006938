/**
 * Retention: receipts older than their site's `retentionDays` are deleted, with the subjects left without any
 * receipt. Deletes go in bounded batches so a large backlog never holds one huge transaction or lock.
 * Each site with something purged gets one audit entry (count and cutoff, no personal data); with `auditEmptyRuns`
 * (the CLI) every site looked at gets one.
 * The anonymous hourly stats tables are not touched: charts keep their history.
 */
import { and, asc, eq, inArray, lt, notExists, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { receipts, sites, subjects } from '../db/schema.js';
import { SYSTEM_ACTOR, writeAudit, type AuditActor } from '../audit/audit-log.js';
import { holdReceiptWrites } from '../subjects/hold-receipt-writes.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 5_000;
/** Orphaned subjects deleted per transaction: receipt batches wait while it runs (hold-receipt-writes.ts). */
const ORPHAN_BATCH = 1_000;

export interface SitePurge {
  siteId: string;
  cutoff: Date;
  receipts: number;
  subjects: number;
}

export interface PurgeOptions {
  /** Only this site (CLI `--site`). */
  siteId?: string | undefined;
  now?: Date | undefined;
  actor?: AuditActor | undefined;
  /** Audit sites where nothing was purged too, so an operator's run is on record even when it deleted nothing. */
  auditEmptyRuns?: boolean | undefined;
}

async function purgeSite(db: Db, siteId: string, cutoff: Date): Promise<Omit<SitePurge, 'siteId' | 'cutoff'>> {
  let purgedReceipts = 0;
  for (;;) {
    const batch = db
      .select({ id: receipts.receiptId })
      .from(receipts)
      .where(and(eq(receipts.siteId, siteId), lt(receipts.createdAt, cutoff)))
      .limit(BATCH);
    const gone = await db
      .delete(receipts)
      .where(and(eq(receipts.siteId, siteId), inArray(receipts.receiptId, batch)))
      .returning({ id: receipts.receiptId });
    purgedReceipts += gone.length;
    if (gone.length < BATCH) break;
  }
  return { receipts: purgedReceipts, subjects: await purgeOrphanSubjects(db, siteId, cutoff) };
}

/** Subjects of the site registered before `cutoff` that have no receipt left, in bounded batches. */
async function purgeOrphanSubjects(db: Db, siteId: string, cutoff: Date): Promise<number> {
  const orphan = and(
    eq(subjects.siteId, siteId),
    lt(subjects.createdAt, cutoff),
    notExists(
      db
        .select({ one: sql`1` })
        .from(receipts)
        .where(and(eq(receipts.siteId, siteId), eq(receipts.subjectId, subjects.id))),
    ),
  );
  let purged = 0;
  for (;;) {
    const candidates = await db.select({ id: subjects.id }).from(subjects).where(orphan).limit(ORPHAN_BATCH);
    if (candidates.length === 0) break;
    const gone = await db.transaction(async (tx) => {
      // A returning visitor's receipt may be on its way for one of them: once it is stored, that subject is no orphan.
      await holdReceiptWrites(tx);
      const ids = candidates.map((c) => c.id);
      return tx.delete(subjects).where(and(orphan, inArray(subjects.id, ids))).returning({ id: subjects.id });
    });
    purged += gone.length;
    if (candidates.length < ORPHAN_BATCH) break;
  }
  return purged;
}

export async function purgeExpiredReceipts(db: Db, options: PurgeOptions = {}): Promise<SitePurge[]> {
  const now = options.now ?? new Date();
  const list = await db
    .select({ id: sites.id, retentionDays: sites.retentionDays })
    .from(sites)
    .where(options.siteId ? eq(sites.id, options.siteId) : undefined)
    .orderBy(asc(sites.id));
  if (options.siteId && list.length === 0) throw new Error(`no site with id "${options.siteId}"`);
  const results: SitePurge[] = [];
  for (const site of list) {
    const cutoff = new Date(now.getTime() - site.retentionDays * DAY_MS);
    const purged = await purgeSite(db, site.id, cutoff);
    results.push({ siteId: site.id, cutoff, ...purged });
    if (purged.receipts > 0 || purged.subjects > 0 || options.auditEmptyRuns) {
      await writeAudit(db, {
        actor: options.actor ?? SYSTEM_ACTOR,
        action: 'retention.purge',
        siteId: site.id,
        details: { receipts: purged.receipts, subjects: purged.subjects, cutoff: cutoff.toISOString(), retentionDays: site.retentionDays },
      });
    }
  }
  return results;
}
