/**
 * Erasing a subject (the visitor's request, an admin's, the retention purge of subjects left without receipts) must
 * not race a receipt batch that has already read that subject: the batch would store its receipt after the erasure,
 * for a subject that is gone, which the visitor could then neither see nor erase.
 *
 * Every batch statement registers subjects, so it holds ROW EXCLUSIVE on `subjects` while it runs. Taking SHARE ROW
 * EXCLUSIVE waits for the batches in flight and holds new ones back until the transaction ends; the statements after
 * it see every receipt those batches stored. Readers are not held. Batches commit in milliseconds, so the wait is
 * short; one that takes longer than HOLD_TIMEOUT_MS makes the erasure answer 503 (try again) rather than hold every
 * new receipt back behind it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { DatabaseUnavailableError, isLockTimeout } from '../db/unavailable.js';

const HOLD_TIMEOUT_MS = 1_000;

/** Call first in the erasing transaction. */
export async function holdReceiptWrites(tx: Pick<Db, 'execute'>): Promise<void> {
  await tx.execute(sql.raw(`set local lock_timeout = ${HOLD_TIMEOUT_MS}`));
  try {
    await tx.execute(sql`lock table subjects in share row exclusive mode`);
  } catch (err) {
    if (isLockTimeout(err)) {
      throw new DatabaseUnavailableError(`receipts being stored kept the subjects locked for over ${HOLD_TIMEOUT_MS} ms`, { cause: err });
    }
    throw err;
  }
}
