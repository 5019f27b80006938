/**
 * The audit trail as CSV, for whoever checks it outside the dashboard. Beside the actor's id, `actorEmail` names the
 * user who acted (for a token: the user who owns it) as they are known at export time; empty for system and
 * visitor entries and for users removed since.
 */
import type { AuditEntry } from '@consentgate/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiTokens, users } from '../db/schema.js';
import { csvLine } from '../http/csv.js';
import { allAudit, type AuditQuery } from './audit-log.js';

export const AUDIT_CSV_HEADER = csvLine(['id', 'at', 'actorType', 'actorId', 'actorEmail', 'action', 'siteId', 'target', 'ip', 'details']);

/** Email of every user by user id and by the id of each of their tokens. */
async function actorEmails(db: Db): Promise<Map<string, string>> {
  const emails = new Map<string, string>();
  for (const u of await db.select({ id: users.id, email: users.email }).from(users)) emails.set(`user:${u.id}`, u.email);
  const tokens = await db.select({ id: apiTokens.id, email: users.email }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId));
  for (const t of tokens) emails.set(`token:${t.id}`, t.email);
  return emails;
}

function line(entry: AuditEntry, emails: Map<string, string>): string {
  return csvLine([
    String(entry.id), entry.at, entry.actorType, entry.actorId, emails.get(`${entry.actorType}:${entry.actorId}`) ?? '',
    entry.action, entry.siteId ?? '', entry.target ?? '', entry.ip ?? '', entry.details ? JSON.stringify(entry.details) : '',
  ]);
}

/** The lines of every matching entry, newest first, a page at a time. */
export async function* auditCsvChunks(db: Db, query: Omit<AuditQuery, 'cursor' | 'limit'>): AsyncGenerator<string> {
  const emails = await actorEmails(db);
  for await (const page of allAudit(db, query)) yield page.map((entry) => line(entry, emails)).join('');
}
