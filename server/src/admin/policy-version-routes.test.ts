import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  canonicalHash,
  policyVersionHash,
  SUPPORTED_LOCALES,
  type AdminSite,
  type PolicyVersionInfo,
  type PolicyVersionSummary,
  type PublicSiteConfig,
  type ShownTexts,
  type SignedReceipt,
} from '@consentgate/shared';
import { textsFor } from '@consentgate/shared/i18n';
import { sitePolicyVersions, sites } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { postReceipt, validReceipt } from '../testing/app-fixture.js';
import { asUser, openAdminFixture, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';
import { forgetCachedSite } from '../sites/site-cache.js';
import { refusal } from '../testing/refusal.js';

let f: AdminFixture;
let admin: SignedIn;
let viewer: SignedIn;
let otherAdmin: SignedIn;
beforeAll(async () => {
  f = await openAdminFixture();
  [admin, viewer, otherAdmin] = await Promise.all([
    signIn(f.app, f.users.shopAdmin),
    signIn(f.app, f.users.shopViewer),
    signIn(f.app, f.users.b2bAdmin),
  ]);
});
afterAll(async () => {
  await f?.close();
});

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

const version = (n: number, who = viewer) => asUser(f.app, who, `/v1/admin/sites/shop/policy-versions/${n}`);
const publicConfig = async (lang: string) => json<PublicSiteConfig>(await f.app.request(`/v1/sites/shop/config?lang=${lang}`));
const settings = async () => json<AdminSite>(await asUser(f.app, admin, '/v1/admin/sites/shop'));
function save(site: AdminSite, change: Partial<AdminSite>) {
  const { name, allowedOrigins, config, retentionDays } = { ...site, ...change };
  return asUser(f.app, admin, '/v1/admin/sites/shop', { method: 'PUT', body: { name, allowedOrigins, config, retentionDays } });
}

describe(`policy versions: what a receipt's visitor was shown (${testDbKind()})`, () => {
  it('exports the config and every language’s complete texts, and the receipt’s configHash recomputes from them', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site, { locale: 'de' }));
    const receipt = await json<SignedReceipt>(res, 201);
    const shown = await json<PolicyVersionInfo>(await version(receipt.policyVersion));
    expect(shown).toMatchObject({ siteId: 'shop', version: receipt.policyVersion, configHash: receipt.configHash });
    expect(await policyVersionHash(shown)).toBe(receipt.configHash);
    const texts = shown.shownTexts!;
    expect(Object.keys(texts).sort()).toEqual([...SUPPORTED_LOCALES].sort());
    // The site's own German title, the built-in wording everywhere else.
    expect(texts.de.bannerTitle).toBe('Wir verwenden Cookies');
    expect(texts.fr).toEqual(textsFor('fr'));
    // What the config route serves in each language is exactly what the version holds.
    for (const locale of SUPPORTED_LOCALES) expect((await publicConfig(locale)).texts).toEqual(texts[locale]);
  });

  it('a changed word in any language is a different configHash, so it cannot pass for the old one', async () => {
    const before = await settings();
    const texts = { ...before.config.texts, nl: { acceptAll: 'Alles goed' } };
    const after = await json<AdminSite>(await save(before, { config: { ...before.config, texts } }));
    expect(after.policyVersion).toBe(before.policyVersion + 1);
    expect(after.configHash).not.toBe(before.configHash);
    const shown = await json<PolicyVersionInfo>(await version(after.policyVersion));
    expect(shown.shownTexts!.nl.acceptAll).toBe('Alles goed');
    expect(await policyVersionHash(shown)).toBe(after.configHash);
    // Tampering with the export is caught by the hash.
    const tampered = { ...shown, shownTexts: { ...shown.shownTexts!, nl: { ...shown.shownTexts!.nl, acceptAll: 'Akkoord' } } };
    expect(await policyVersionHash(tampered)).not.toBe(after.configHash);
  });

  it('keeps serving the texts a version froze, even when this release’s built-in wording differs', async () => {
    // As if an older release had published the current version with other built-in English.
    const current = await settings();
    const frozen = (await json<PolicyVersionInfo>(await version(current.policyVersion))).shownTexts!;
    const older: ShownTexts = { ...frozen, en: { ...frozen.en, rejectAll: 'Decline everything' } };
    await f.database.db.update(sites).set({ shownTexts: older }).where(eq(sites.id, 'shop'));
    forgetCachedSite(f.database.db, 'shop');
    expect((await publicConfig('en')).texts.rejectAll).toBe('Decline everything');

    // Saving without changing what visitors see keeps the version and its frozen texts (nobody is asked again).
    const kept = await json<AdminSite>(await save(current, { retentionDays: 400 }));
    expect(kept.policyVersion).toBe(current.policyVersion);
    expect((await publicConfig('en')).texts.rejectAll).toBe('Decline everything');

    // A change to the config publishes a version with this release's wording.
    const changed = await json<AdminSite>(await save(kept, { config: { ...kept.config, consentMaxAgeDays: 90 } }));
    expect(changed.policyVersion).toBe(current.policyVersion + 1);
    expect((await publicConfig('en')).texts.rejectAll).toBe(textsFor('en').rejectAll);
  });

  it('a version published before texts were frozen keeps working: built-in texts served, its hash over the config alone', async () => {
    const current = await settings();
    const legacy = current.policyVersion + 1;
    const configHash = await canonicalHash(current.config);
    // What a database migrated from before frozen texts holds: a version without shownTexts, hashed without them.
    await f.database.db.insert(sitePolicyVersions).values({ siteId: 'shop', version: legacy, config: current.config, configHash, shownTexts: null });
    await f.database.db.update(sites).set({ policyVersion: legacy, configHash, shownTexts: null }).where(eq(sites.id, 'shop'));
    forgetCachedSite(f.database.db, 'shop');

    const served = await publicConfig('fr');
    expect(served).toMatchObject({ policyVersion: legacy, configHash });
    expect(served.texts).toEqual(textsFor('fr', current.config.texts.fr));
    const shown = await json<PolicyVersionInfo>(await version(legacy));
    expect(shown.shownTexts).toBeNull();
    expect(await policyVersionHash(shown)).toBe(configHash);
    const site = { id: 'shop', policyVersion: legacy, configHash };
    expect((await postReceipt(f.app, validReceipt(site, { locale: 'fr' }))).status).toBe(201);
  });

  it('lists every version oldest first, with the hash each receipt under it carries', async () => {
    const { versions } = await json<{ versions: PolicyVersionSummary[] }>(
      await asUser(f.app, viewer, '/v1/admin/sites/shop/policy-versions'),
    );
    const current = await settings();
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: current.policyVersion }, (_, i) => i + 1));
    expect(versions.at(-1)).toMatchObject({ version: current.policyVersion, configHash: current.configHash });
    expect(new Set(versions.map((v) => v.configHash)).size).toBe(versions.length);
  });

  it('refuses other sites’ users, unknown versions and sites, and a version that is not a number', async () => {
    expect((await version(1, otherAdmin)).status).toBe(403);
    expect((await asUser(f.app, otherAdmin, '/v1/admin/sites/shop/policy-versions')).status).toBe(403);
    const missing = await version(999);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await version(0)).status).toBe(400);
    for (const written of ['one', '01', '1e0', '0x1', '1.0']) {
      expect((await asUser(f.app, viewer, `/v1/admin/sites/shop/policy-versions/${written}`)).status, written).toBe(400);
    }
    expect((await f.app.request('/v1/admin/sites/shop/policy-versions/1')).status).toBe(401);
  });

  it('a published version cannot be altered in the database', async () => {
    const forged = f.database.db.execute(sql`update site_policy_versions set config_hash = 'forged' where site_id = 'shop'`);
    expect(await refusal(forged)).toBe('site_policy_versions is append-only');
  });
});
