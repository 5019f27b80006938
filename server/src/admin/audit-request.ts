/** Writes an audit entry for the admin request being handled: its caller and minimised network. */
import type { Context } from 'hono';
import { writeAudit, type AuditEvent } from '../audit/audit-log.js';
import { adminContext, auditActor, currentActor, requestNetwork } from './admin-auth.js';

export function auditRequest(c: Context, action: string, fields: Omit<AuditEvent, 'actor' | 'action' | 'ip'> = {}): Promise<void> {
  return writeAudit(adminContext(c).db, { ...fields, actor: auditActor(currentActor(c)), action, ip: requestNetwork(c) });
}
