/**
 * Runs the retention purge inside the server: a first round shortly after start (so a server that was down
 * catches up), then every `intervalMs` (CG_PURGE_INTERVAL_MS; 0 turns it off). Rounds never overlap; a failed
 * round is logged and the next one tries again. Several instances may run it at once: deletes are idempotent.
 */
import type { Db } from '../db/client.js';
import { startPeriodicJob, type PeriodicJob } from '../jobs/periodic-job.js';
import { purgeExpiredReceipts } from './purge-expired-receipts.js';

const FIRST_RUN_DELAY_MS = 30_000;

export type RetentionTimer = PeriodicJob;

export function startRetentionTimer(db: Db, intervalMs: number, log: (line: string) => void = console.log): RetentionTimer {
  return startPeriodicJob('retention purge', intervalMs, FIRST_RUN_DELAY_MS, async () => {
    for (const r of await purgeExpiredReceipts(db)) {
      if (r.receipts > 0) log(`[consentgate] retention: purged ${r.receipts} receipts of site "${r.siteId}" older than ${r.cutoff.toISOString()}`);
    }
  });
}
