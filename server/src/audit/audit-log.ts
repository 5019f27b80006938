/**
 * The audit trail: who did what, when, from where, on which site. Rows are append-only (a trigger refuses
 * UPDATE and DELETE, see drizzle/0001_append_only.sql) and never hold visitor personal data: no subject ids,
 * no receipt ids, no IP addresses beyond the minimised network of the admin who acted.
 */
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AuditAction, AuditEntry, AuditPage } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditActor {
  type: 'user' | 'token' | 'system' | 'subject';
  /** User id, token id, or 'system' / 'subject'. */
  id: string;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'system' };
/** An operator at the command line (`pnpm cg …`): no user or token identifies them. */
export const CLI_ACTOR: AuditActor = { type: 'system', id: 'cli' };

export interface AuditEvent {
  actor: AuditActor;
  /** Dotted verb, one of AUDIT_ACTIONS (shared/src/audit-actions.ts). */
  action: AuditAction;
  siteId?: string | null | undefined;
  target?: string | null | undefined;
  /** Already minimised client network. */
  ip?: string | null | undefined;
  details?: Record<string, unknown> | undefined;
}

type Executor = Pick<Db, 'insert'>;

export async function writeAudit(db: Executor, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    siteId: event.siteId ?? null,
    target: event.target ?? null,
    ip: event.ip ?? null,
    details: event.details ?? null,
  });
}

export interface AuditQuery {
  siteId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Entries with a smaller id than this (the previous page's nextCursor). */
  cursor?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paginated on the id. */
export async function listAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const where: SQL[] = [];
  if (query.siteId) where.push(eq(auditLog.siteId, query.siteId));
  if (query.action) where.push(eq(auditLog.action, query.action));
  if (query.from) where.push(gte(auditLog.at, query.from));
  if (query.to) where.push(lt(auditLog.at, query.to));
  if (query.cursor !== undefined) where.push(lt(auditLog.id, query.cursor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const entries: AuditEntry[] = page.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    action: r.action,
    siteId: r.siteId,
    target: r.target,
    ip: r.ip,
    details: r.details,
  }));
  const last = page.at(-1);
  return { entries, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
}

/** Every entry matching the query, newest first, page by page (for the CSV export). */
export async function* allAudit(db: Db, query: Omit<AuditQuery, 'cursor' | 'limit'>, pageSize = 1000): AsyncGenerator<AuditEntry[]> {
  let cursor: number | undefined;
  for (;;) {
    const page = await listAudit(db, { ...query, cursor, limit: pageSize });
    yield page.entries;
    if (!page.nextCursor) return;
    cursor = Number(page.nextCursor);
  }
}
