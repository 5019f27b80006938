/**
 * Erasure of one subject's consent records, at once: their receipts and the subject row (its secret hash) go in
 * one transaction with an audit entry that names the site and the number of receipts, never the subject. A receipt
 * of the subject being stored meanwhile is erased too (hold-receipt-writes.ts).
 * Used by the visitor's own request and by an admin answering a subject request.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { receipts, subjects } from '../db/schema.js';
import { writeAudit, type AuditActor } from '../audit/audit-log.js';
import { holdReceiptWrites } from './hold-receipt-writes.js';

export interface Erasure {
  /** Receipts deleted. */
  receipts: number;
  /** Whether the subject was known at all (a subject row or any receipt). */
  found: boolean;
}

export function eraseSubject(db: Db, siteId: string, subjectId: string, actor: AuditActor, ip: string | null = null): Promise<Erasure> {
  return db.transaction(async (tx) => {
    await holdReceiptWrites(tx);
    const gone = await tx
      .delete(receipts)
      .where(and(eq(receipts.siteId, siteId), eq(receipts.subjectId, subjectId)))
      .returning({ id: receipts.receiptId });
    const subject = await tx
      .delete(subjects)
      .where(and(eq(subjects.siteId, siteId), eq(subjects.id, subjectId)))
      .returning({ id: subjects.id });
    const found = gone.length > 0 || subject.length > 0;
    if (found) {
      // No subject id here: the audit trail must not keep what was just erased.
      await writeAudit(tx, { actor, action: 'subject.erase', siteId, ip, details: { receipts: gone.length } });
    }
    return { receipts: gone.length, found };
  });
}
