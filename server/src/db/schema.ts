/**
 * Database schema (drizzle). Migrations in ./drizzle are generated from this file with
 * `pnpm --filter @consentgate/server db:generate` and committed; both drivers (PGlite, postgres) run the same SQL.
 *
 * Every table holding customer data carries `site_id`, so the big ones can be distributed by it (Citus).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ReceiptClaims, ReceiptProof, ShownTexts, SiteConsentConfig } from '@consentgate/shared';
import { COLLECTION_POINTS, CONSENT_METHODS } from '@consentgate/shared';

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const consentMethod = pgEnum('consent_method', CONSENT_METHODS);
export const collectionPoint = pgEnum('collection_point', COLLECTION_POINTS);
export const userRole = pgEnum('user_role', ['owner', 'site_admin', 'viewer']);
export const actorType = pgEnum('actor_type', ['user', 'token', 'system', 'subject']);

/** How long a new site keeps receipts unless told otherwise (three years). */
export const DEFAULT_RETENTION_DAYS = 1095;

export const sites = pgTable('sites', {
  id: text().primaryKey(),
  name: text().notNull(),
  /** Full origins (scheme://host[:port]) allowed to send receipts; compared exactly. */
  allowedOrigins: text().array().notNull().default(sql`'{}'::text[]`),
  policyVersion: integer().notNull().default(1),
  /** What visitors agree to (categories, services, texts…). A change bumps policyVersion. */
  config: jsonb().$type<SiteConsentConfig>().notNull(),
  /** policyVersionHash() of the current version. */
  configHash: text().notNull(),
  /** The current version's frozen texts (see shared/src/policy-version.ts); null for a version from before. */
  shownTexts: jsonb().$type<ShownTexts>(),
  /** Receipts older than this are purged. Default ≈ 3 years. */
  retentionDays: integer().notNull().default(DEFAULT_RETENTION_DAYS),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

/** Every version of a site's consent config ever shown, so a receipt's configHash can be proven later. */
export const sitePolicyVersions = pgTable(
  'site_policy_versions',
  {
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    config: jsonb().$type<SiteConsentConfig>().notNull(),
    configHash: text().notNull(),
    shownTexts: jsonb().$type<ShownTexts>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.version] })],
);

/** A visitor (per site). The browser makes id and secret; only a hash of the secret is kept. */
export const subjects = pgTable(
  'subjects',
  {
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    id: uuid().notNull(),
    secretHash: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] })],
);

/** Signed consent receipts. Append-only: a trigger refuses UPDATE; rows leave only by retention or erasure. */
export const receipts = pgTable(
  'receipts',
  {
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    receiptId: uuid().notNull(),
    subjectId: uuid().notNull(),
    createdAt: createdAt(),
    policyVersion: integer().notNull(),
    method: consentMethod().notNull(),
    collection: collectionPoint().notNull(),
    gpc: boolean().notNull(),
    /** Copied out of the claims for the statistics rollup. */
    categories: jsonb().$type<Record<string, boolean>>().notNull(),
    /** The exact signed claims (canonical JSON is re-derived from this). */
    claims: jsonb().$type<ReceiptClaims>().notNull(),
    /** Compact JWS of the batch the receipt was signed in (its tree head), or, without `proof`, of the claims. */
    signature: text().notNull(),
    /** Inclusion proof of the claims in the signed batch; null for receipts signed one by one. */
    proof: jsonb().$type<ReceiptProof>(),
    kid: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.receiptId] }),
    index('receipts_site_created_idx').on(t.siteId, t.createdAt),
    index('receipts_site_subject_idx').on(t.siteId, t.subjectId, t.createdAt),
  ],
);

/** Ed25519 keys that sign receipts. The newest active key signs; all are published in the JWKS. */
export const signingKeys = pgTable('signing_keys', {
  kid: text().primaryKey(),
  alg: text().notNull().default('EdDSA'),
  publicJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  privateJwk: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  /** A retired key no longer signs but stays published so old receipts still verify. */
  retiredAt: timestamp({ withTimezone: true }),
});

// ---------------------------------------------------------------------------------------------
// Admin side
// ---------------------------------------------------------------------------------------------

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    role: userRole().notNull(),
    createdAt: createdAt(),
    disabledAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('users_email_idx').on(sql`lower(${t.email})`)],
);

/** Which sites a site_admin or viewer may see (owners see all). */
export const userSites = pgTable(
  'user_sites',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.siteId] })],
);

export const sessions = pgTable('sessions', {
  /** SHA-256 of the session cookie value; the value itself is never stored. */
  idHash: text().primaryKey(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text().notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Failed sign-ins per throttle key (`ip:<address>`, `email:<address>`), shared by every instance so that running N
 * servers does not give a guesser N times the attempts. A row counts failures until `resetAt`; the first failure
 * after that starts a new window.
 */
export const loginFailures = pgTable('login_failures', {
  key: text().primaryKey(),
  count: integer().notNull(),
  resetAt: timestamp({ withTimezone: true }).notNull(),
  /** The lockout's first refusal was audited (the ones after it are not, so a flood cannot fill the trail). */
  refused: boolean().notNull().default(false),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid().primaryKey().defaultRandom(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  /** SHA-256 of the token; the token is shown once at creation. */
  tokenHash: text().notNull().unique(),
  createdAt: createdAt(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

/** Append-only record of admin access and data changes. Holds no visitor personal data. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorType: actorType().notNull(),
    /** User id, token id, or 'system'. */
    actorId: text().notNull(),
    action: text().notNull(),
    siteId: text(),
    /** What was acted on, e.g. a receipt search query or a setting name. */
    target: text(),
    /** Client IP (minimised) the action came from. */
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_site_idx').on(t.siteId, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Dashboard statistics: anonymous hourly counts rolled up from receipts by a periodic job, so charts over
// months read thousands of rows instead of millions. They hold no subject ids and survive purge and erasure.
// ---------------------------------------------------------------------------------------------

/** Receipts per site, UTC hour and method. */
export const statsHourly = pgTable(
  'stats_hourly',
  {
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    hour: timestamp({ withTimezone: true }).notNull(),
    method: consentMethod().notNull(),
    receipts: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.method] })],
);

/** Per site, UTC hour and category: receipts that decided the category, and how many of them granted it. */
export const statsHourlyCategories = pgTable(
  'stats_hourly_categories',
  {
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    hour: timestamp({ withTimezone: true }).notNull(),
    category: text().notNull(),
    granted: integer().notNull(),
    decided: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.hour, t.category] })],
);

/** Per site: every receipt created before `rolledUpUntil` is counted in the hourly tables. */
export const statsRollupState = pgTable('stats_rollup_state', {
  siteId: text()
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  rolledUpUntil: timestamp({ withTimezone: true }).notNull(),
});
