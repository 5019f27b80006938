/**
 * Runs the retention purge inside the server: a first round shortly after start (so a server that was down
 * catches up), then every `intervalMs` (CG_PURGE_INTERVAL_MS; 0 turns it off). Rounds never overlap; a failed
 * round is logged and the next one tries again. Several instances may run it at once: deletes are idempotent.
 */
import type { Db } from '../db/client.js';
import { purgeExpiredReceipts } from './purge-expired-receipts.js';

const FIRST_RUN_DELAY_MS = 30_000;

export interface RetentionTimer {
  /** Stops the timer and waits for a running round to finish. */
  stop(): Promise<void>;
}

export function startRetentionTimer(db: Db, intervalMs: number, log: (line: string) => void = console.log): RetentionTimer {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = purgeExpiredReceipts(db)
      .then((results) => {
        for (const r of results) {
          if (r.receipts > 0) log(`[consentgate] retention: purged ${r.receipts} receipts of site "${r.siteId}" older than ${r.cutoff.toISOString()}`);
        }
      })
      .catch((err: unknown) => {
        console.error('[consentgate] retention purge failed:', err);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const first = setTimeout(tick, Math.min(intervalMs, FIRST_RUN_DELAY_MS));
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
