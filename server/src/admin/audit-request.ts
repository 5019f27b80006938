/** Writes an audit entry for the admin request being handled: its caller and minimised network. */
import type { Context } from 'hono';
import type { AuditAction } from '@consentgate/shared';
import { writeAudit, type AuditEvent } from '../audit/audit-log.js';
import { adminContext, auditActor, currentActor, requestNetwork } from './admin-auth.js';

export async function auditRequest(c: Context, action: AuditAction, fields: Omit<AuditEvent, 'actor' | 'action' | 'ip'> = {}): Promise<void> {
  // HEAD runs a GET handler but sends no body: nobody saw the receipts, so there is nothing to record.
  if (c.req.method === 'HEAD') return;
  await writeAudit(adminContext(c).db, { ...fields, actor: auditActor(currentActor(c)), action, ip: requestNetwork(c) });
}
