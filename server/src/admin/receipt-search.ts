/**
 * Receipt search for the dashboard: by subject id, receipt id and time range, newest first, keyset-paginated on
 * (created_at, receipt_id) so page N costs the same as page 1 on the (site_id, created_at) index.
 * The cursor carries created_at in whole microseconds: a JavaScript Date would drop Postgres' sub-millisecond part
 * and skip or repeat rows.
 */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { ReceiptPage, SignedReceipt } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { receipts } from '../db/schema.js';
import { signedReceiptColumns, toSignedReceipt } from '../receipts/stored-receipt.js';

export interface ReceiptCursor {
  micros: string;
  receiptId: string;
}

export interface ReceiptQuery {
  siteId: string;
  subjectId?: string | undefined;
  receiptId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: ReceiptCursor | undefined;
  limit: number;
}

const CURSOR = /^(\d{1,16})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function parseCursor(value: string): ReceiptCursor | undefined {
  const match = CURSOR.exec(value);
  return match?.[1] && match[2] ? { micros: match[1], receiptId: match[2] } : undefined;
}

const formatCursor = (c: ReceiptCursor) => `${c.micros}.${c.receiptId}`;

export async function searchReceipts(db: Db, query: ReceiptQuery): Promise<ReceiptPage<SignedReceipt>> {
  const where: SQL[] = [eq(receipts.siteId, query.siteId)];
  if (query.subjectId) where.push(eq(receipts.subjectId, query.subjectId.toLowerCase()));
  if (query.receiptId) where.push(eq(receipts.receiptId, query.receiptId.toLowerCase()));
  if (query.from) where.push(gte(receipts.createdAt, query.from));
  if (query.to) where.push(lt(receipts.createdAt, query.to));
  if (query.cursor) {
    where.push(
      sql`(${receipts.createdAt}, ${receipts.receiptId}) < (timestamptz 'epoch' + ${query.cursor.micros}::bigint * interval '1 microsecond', ${query.cursor.receiptId}::uuid)`,
    );
  }
  const rows = await db
    .select({
      ...signedReceiptColumns,
      receiptId: receipts.receiptId,
      micros: sql<string>`(extract(epoch from ${receipts.createdAt}) * 1000000)::bigint::text`,
    })
    .from(receipts)
    .where(and(...where))
    .orderBy(desc(receipts.createdAt), desc(receipts.receiptId))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    receipts: page.map(toSignedReceipt),
    nextCursor: rows.length > query.limit && last ? formatCursor({ micros: String(last.micros), receiptId: last.receiptId }) : null,
  };
}

/** Every matching receipt, page by page (for exports that must not hold everything in memory). */
export async function* allReceipts(db: Db, query: Omit<ReceiptQuery, 'cursor' | 'limit'>, pageSize = 1000) {
  let cursor: ReceiptCursor | undefined;
  for (;;) {
    const page = await searchReceipts(db, { ...query, cursor, limit: pageSize });
    yield page.receipts;
    if (!page.nextCursor) return;
    cursor = parseCursor(page.nextCursor);
  }
}
