/**
 * Every action the server writes to the audit log. One list: the server's audit calls are typed by it, and the
 * dashboard offers it in the audit filter (which matches whole names). Free of zod, so the dashboard can import it.
 */
export const AUDIT_ACTIONS = [
  'audit.export',
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'receipts.export',
  'receipts.search',
  'retention.purge',
  'signing_key.rotate',
  'site.create',
  'site.update',
  'subject.erase',
  'subject.export',
  'token.create',
  'token.revoke',
  'user.create',
  'user.delete',
  'user.update',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
