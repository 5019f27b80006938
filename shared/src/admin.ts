/**
 * Shapes of the admin API (`/v1/admin/…`) that the dashboard reads and sends.
 * The server validates with these schemas; the dashboard imports the types only.
 */
import { z } from 'zod';
import { SiteConsentConfig, SiteId, Uuid } from './schemas.js';

export const USER_ROLES = ['owner', 'site_admin', 'viewer'] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

/** What a role may do on a site: `read` settings and stats, `manage` settings and receipts, `erase` a subject. */
export const SITE_ACCESS = ['read', 'manage', 'erase'] as const;
export type SiteAccess = (typeof SITE_ACCESS)[number];

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const NewPassword = z.string().min(12, 'at least 12 characters').max(256);

export const LoginInput = z.strictObject({ email: z.string().max(254), password: z.string().max(256) });
export type LoginInput = z.infer<typeof LoginInput>;

export const AdminUser = z.object({
  id: Uuid,
  email: z.string(),
  role: UserRole,
  /** Sites this user may see; for owners every site. */
  sites: z.array(SiteId),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof AdminUser>;

/** `POST` and `GET /v1/admin/session`. `csrfToken` is null when the caller uses an API token. */
export const AdminSession = z.object({
  user: AdminUser.pick({ id: true, email: true, role: true, sites: true }),
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type AdminSession = z.infer<typeof AdminSession>;

export const CreateUserInput = z.strictObject({
  email: Email,
  password: NewPassword,
  role: UserRole,
  /** Ignored for owners (they see every site). */
  sites: z.array(SiteId).max(1000).default([]),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export const UpdateUserInput = z
  .object({
    role: UserRole.optional(),
    sites: z.array(SiteId).max(1000).optional(),
    password: NewPassword.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const ApiTokenInfo = z.object({
  id: Uuid,
  name: z.string(),
  userId: Uuid,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfo>;

export const CreateTokenInput = z.strictObject({ name: z.string().trim().min(1).max(100) });
/** `token` (`cgt_…`) is shown only in this answer; the server keeps a hash. */
export const CreatedApiToken = z.object({ token: z.string(), info: ApiTokenInfo });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

export const AdminSiteSummary = z.object({
  id: SiteId,
  name: z.string(),
  policyVersion: z.number().int(),
  retentionDays: z.number().int(),
  updatedAt: z.string(),
  /** What the caller may do on this site. */
  access: z.array(z.enum(SITE_ACCESS)),
});
export type AdminSiteSummary = z.infer<typeof AdminSiteSummary>;

/** Full settings of a site (`GET/PUT /v1/admin/sites/{siteId}`). */
export const AdminSite = AdminSiteSummary.extend({
  allowedOrigins: z.array(z.string()),
  configHash: z.string(),
  config: SiteConsentConfig,
  createdAt: z.string(),
  /** The tag (and examples) the site's pages embed, pointing at this server's public URL. */
  installSnippet: z.string(),
});
export type AdminSite = z.infer<typeof AdminSite>;

export const RETENTION_DAYS_MAX = 36500;
const RetentionDays = z.number().int().min(1).max(RETENTION_DAYS_MAX);

/** `PUT /v1/admin/sites/{siteId}`: the whole editable settings; a config change bumps the policy version. */
export const SiteSettingsInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(z.string().max(300)).max(100),
  config: SiteConsentConfig,
  retentionDays: RetentionDays,
});
export type SiteSettingsInput = z.input<typeof SiteSettingsInput>;

/** Without a config the site starts with the four usual categories (necessary, preferences, analytics, marketing). */
export const CreateSiteInput = SiteSettingsInput.extend({
  id: SiteId,
  retentionDays: RetentionDays.optional(),
  config: SiteConsentConfig.optional(),
});
export type CreateSiteInput = z.input<typeof CreateSiteInput>;

/** One page of a receipt search, newest first; pass `nextCursor` as `cursor` for the next page. */
export interface ReceiptPage<R> {
  receipts: R[];
  nextCursor: string | null;
}

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorType: z.enum(['user', 'token', 'system', 'subject']),
  /** User id, token id, 'system' or 'subject'. */
  actorId: z.string(),
  action: z.string(),
  siteId: z.string().nullable(),
  target: z.string().nullable(),
  /** Minimised client network (IPv4 /24, IPv6 /48). */
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
