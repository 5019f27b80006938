/**
 * Sites and their consent config. Changing what visitors are shown (the site's consent config) publishes a new
 * policy version in site_policy_versions, with every language's texts frozen, so every receipt's configHash can later
 * be matched to the exact config and wording the visitor saw (shared/src/policy-version.ts).
 */
import { createHash } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import {
  canonicalJson,
  policyVersionHash,
  SiteConsentConfig,
  SiteId,
  type PolicyVersionInfo,
  type ShownTexts,
  type SiteConsentConfigInput,
} from '@consentgate/shared';
import { shownTextsFor } from '@consentgate/shared/i18n';
import { issuePath } from '../http/api-error.js';
import type { Db } from '../db/client.js';
import { DEFAULT_RETENTION_DAYS, sitePolicyVersions, sites } from '../db/schema.js';
import { normalizeOrigin } from './origins.js';
import { forgetCachedSite } from './site-cache.js';

export type Site = typeof sites.$inferSelect;

export class SiteError extends Error {
  constructor(
    readonly code: 'site_exists' | 'site_not_found' | 'invalid_site' | 'site_changed',
    message: string,
    /** The field of the request at fault (`allowedOrigins[2]`), so a form can point at it. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'SiteError';
  }
}

export interface CreateSiteInput {
  id: string;
  name: string;
  allowedOrigins: readonly string[];
  config: SiteConsentConfigInput;
  retentionDays?: number | undefined;
}

export interface SitePatch {
  name?: string | undefined;
  /** Merged over the current consent config (top-level keys replace), then validated. */
  config?: Partial<SiteConsentConfigInput> | undefined;
  allowedOrigins?: readonly string[] | undefined;
  retentionDays?: number | undefined;
}

function parseConfig(input: unknown): SiteConsentConfig {
  const parsed = SiteConsentConfig.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SiteError('invalid_site', `invalid consent config: ${first ? issuePath(first.path) || '(root)' : '(root)'}: ${first?.message ?? ''}`);
  }
  return parsed.data;
}

function checkRetention(days: number | undefined): void {
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 36500)) {
    throw new SiteError('invalid_site', 'retentionDays must be an integer between 1 and 36500');
  }
}

/**
 * A receipt proves the choice the site acts on, so it must be kept at least as long as a choice stays in force
 * (`consentMaxAgeDays`): purged earlier, the site would go on acting on a consent it can no longer show.
 */
function checkRetentionCoversConsent(retentionDays: number, config: SiteConsentConfig): void {
  const inForce = config.consentMaxAgeDays;
  if (retentionDays < inForce) {
    throw new SiteError(
      'invalid_site',
      `receipts would be deleted after ${retentionDays} days while a choice stays in force for ${inForce} (consentMaxAgeDays): keep them at least ${inForce} days, or ask visitors again sooner`,
      'retentionDays',
    );
  }
}

/** The origins normalised and without repeats; a refused one is named by its place in the request. */
function originsOrThrow(values: readonly string[]): string[] {
  const origins = values.map((value, i) => {
    try {
      return normalizeOrigin(value);
    } catch (err) {
      throw new SiteError('invalid_site', (err as Error).message, `allowedOrigins[${i}]`);
    }
  });
  return [...new Set(origins)];
}

/**
 * What a policy version published now shows: every language's texts resolved with this release's built-in
 * translations and frozen, and the hash over both that every receipt carries as `configHash`.
 */
export async function publishedVersion(config: SiteConsentConfig): Promise<{ config: SiteConsentConfig; configHash: string; shownTexts: ShownTexts }> {
  const shownTexts = shownTextsFor(config);
  return { config, shownTexts, configHash: await policyVersionHash({ config, shownTexts }) };
}

export async function createSite(db: Db, input: CreateSiteInput): Promise<Site> {
  if (!SiteId.safeParse(input.id).success) {
    throw new SiteError('invalid_site', `site id "${input.id}" must be lowercase letters, digits, "-" and "_"`);
  }
  if (!input.name.trim()) throw new SiteError('invalid_site', 'site name must not be empty');
  checkRetention(input.retentionDays);
  const config = parseConfig(input.config);
  checkRetentionCoversConsent(input.retentionDays ?? DEFAULT_RETENTION_DAYS, config);
  const version = await publishedVersion(config);
  const allowedOrigins = originsOrThrow(input.allowedOrigins);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sites)
      .values({
        id: input.id,
        name: input.name.trim(),
        allowedOrigins,
        ...version,
        policyVersion: 1,
        ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return undefined;
    await tx.insert(sitePolicyVersions).values({ siteId: row.id, version: 1, ...version });
    return row;
  });
  if (!created) throw new SiteError('site_exists', `a site with id "${input.id}" already exists`);
  forgetCachedSite(db, created.id);
  return created;
}

export async function getSite(db: Db, siteId: string): Promise<Site | undefined> {
  // An id no site can have (a NUL, upper case, …) is unknown, not a value to hand to the database.
  if (!SiteId.safeParse(siteId).success) return undefined;
  const [row] = await db.select().from(sites).where(eq(sites.id, siteId)).limit(1);
  return row;
}

export function listSites(db: Db): Promise<Site[]> {
  return db.select().from(sites).orderBy(asc(sites.id));
}

/**
 * Entity tag of a site's settings (what an editor loaded): a save sent with it as If-Match is refused once someone
 * else changed them, instead of silently undoing their change. Content-based, so a change undone matches again.
 */
export function siteTag(site: Site): string {
  const settings = canonicalJson({ name: site.name, allowedOrigins: site.allowedOrigins, retentionDays: site.retentionDays, configHash: site.configHash });
  return `"${createHash('sha256').update(settings).digest('base64url').slice(0, 27)}"`;
}

/**
 * RFC 9110 If-Match: `*` or a list of tags, compared strongly: a weak tag (W/"…") never matches, since it does not
 * promise the very settings the editor loaded.
 */
function ifMatchAccepts(ifMatch: string, site: Site): boolean {
  const tag = siteTag(site);
  return ifMatch.split(',').some((part) => {
    const candidate = part.trim();
    return candidate === '*' || candidate === tag;
  });
}

/** `ifMatch`: the request's If-Match header, when it sent one; the save then applies only to the settings it names. */
export async function updateSiteConfig(db: Db, siteId: string, patch: SitePatch, ifMatch?: string): Promise<Site> {
  checkRetention(patch.retentionDays);
  if (patch.name !== undefined && !patch.name.trim()) throw new SiteError('invalid_site', 'site name must not be empty');
  const allowedOrigins = patch.allowedOrigins ? originsOrThrow(patch.allowedOrigins) : undefined;
  const updated = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(sites).where(eq(sites.id, siteId)).for('update');
    if (!current) throw new SiteError('site_not_found', `no site with id "${siteId}"`);
    if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, current)) {
      throw new SiteError('site_changed', 'these settings were changed since they were loaded (by someone else, or in another tab): load them again and redo the change');
    }
    const config = patch.config ? parseConfig({ ...current.config, ...patch.config }) : current.config;
    // The site's own config unchanged: the version stays, with the texts it froze, even if this release's built-in
    // translations read differently (visitors are asked again only when the site changes what it shows).
    const changed = canonicalJson(config) !== canonicalJson(current.config);
    const version = changed ? await publishedVersion(config) : { config, configHash: current.configHash, shownTexts: current.shownTexts };
    const policyVersion = changed ? current.policyVersion + 1 : current.policyVersion;
    const name = patch.name?.trim() ?? current.name;
    const origins = allowedOrigins ?? current.allowedOrigins;
    const retentionDays = patch.retentionDays ?? current.retentionDays;
    checkRetentionCoversConsent(retentionDays, config);
    // A save that changes nothing leaves the site as it was, its updatedAt included.
    if (!changed && name === current.name && origins.join(' ') === current.allowedOrigins.join(' ') && retentionDays === current.retentionDays) {
      return current;
    }
    if (changed) await tx.insert(sitePolicyVersions).values({ siteId, version: policyVersion, ...version });
    const [row] = await tx
      .update(sites)
      .set({
        ...version,
        policyVersion,
        updatedAt: sql`now()`,
        name,
        allowedOrigins: origins,
        retentionDays,
      })
      .where(eq(sites.id, siteId))
      .returning();
    if (!row) throw new SiteError('site_not_found', `no site with id "${siteId}"`);
    return row;
  });
  forgetCachedSite(db, siteId);
  return updated;
}

export function setAllowedOrigins(db: Db, siteId: string, origins: readonly string[]): Promise<Site> {
  return updateSiteConfig(db, siteId, { allowedOrigins: origins });
}

/** Every version a site has published, oldest first (without their configs). */
export function listPolicyVersions(db: Db, siteId: string) {
  return db
    .select({ version: sitePolicyVersions.version, createdAt: sitePolicyVersions.createdAt, configHash: sitePolicyVersions.configHash })
    .from(sitePolicyVersions)
    .where(eq(sitePolicyVersions.siteId, siteId))
    .orderBy(asc(sitePolicyVersions.version));
}

export async function getPolicyVersion(db: Db, siteId: string, version: number) {
  const rows = await db
    .select()
    .from(sitePolicyVersions)
    .where(sql`${sitePolicyVersions.siteId} = ${siteId} and ${sitePolicyVersions.version} = ${version}`)
    .limit(1);
  return rows[0];
}

/** A version as the admin API and `pnpm cg site version` give it: enough to recompute its configHash. */
export async function exportPolicyVersion(db: Db, siteId: string, version: number): Promise<PolicyVersionInfo | undefined> {
  const row = await getPolicyVersion(db, siteId, version);
  if (!row) return undefined;
  const { config, configHash, shownTexts } = row;
  return { siteId: row.siteId, version: row.version, createdAt: row.createdAt.toISOString(), configHash, config, shownTexts };
}
