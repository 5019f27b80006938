import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sitePolicyVersions } from '../db/schema.js';
import { openTestDatabase, testDbKind, type TestDatabase } from '../db/test-database.js';
import { SHOP_CONFIG } from '../testing/app-fixture.js';
import { createSite, getPolicyVersion, getSite, listSites, setAllowedOrigins, SiteError, updateSiteConfig } from './sites.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`sites (${testDbKind()})`, () => {
  it('creates a site at policy version 1 and records that version', async () => {
    const site = await createSite(database.db, {
      id: 'b2b',
      name: 'B2B Telecom',
      allowedOrigins: ['https://b2b.example/', 'http://localhost:5173'],
      config: SHOP_CONFIG,
      retentionDays: 2557,
    });
    expect(site).toMatchObject({ id: 'b2b', policyVersion: 1, retentionDays: 2557 });
    expect(site.allowedOrigins).toEqual(['https://b2b.example', 'http://localhost:5173']);
    expect(site.config.consentMaxAgeDays).toBe(182);
    const v1 = await getPolicyVersion(database.db, 'b2b', 1);
    expect(v1?.configHash).toBe(site.configHash);
    expect((await listSites(database.db)).map((s) => s.id)).toContain('b2b');
  });

  it('refuses a duplicate id, a bad id and an origin with a path', async () => {
    const base = { name: 'X', allowedOrigins: [], config: SHOP_CONFIG };
    await expect(createSite(database.db, { ...base, id: 'b2b' })).rejects.toMatchObject({ code: 'site_exists' });
    await expect(createSite(database.db, { ...base, id: 'Bad Id' })).rejects.toBeInstanceOf(SiteError);
    await expect(
      createSite(database.db, { ...base, id: 'pathy', allowedOrigins: ['https://a.example/shop'] }),
    ).rejects.toMatchObject({ code: 'invalid_site' });
    expect(await getSite(database.db, 'pathy')).toBeUndefined();
  });

  it('bumps the policy version only when what visitors are shown changes', async () => {
    const before = await getSite(database.db, 'b2b');
    const renamed = await updateSiteConfig(database.db, 'b2b', { name: 'B2B Telecom AG', retentionDays: 3000 });
    expect(renamed.policyVersion).toBe(before?.policyVersion);
    expect(renamed.configHash).toBe(before?.configHash);

    const changed = await updateSiteConfig(database.db, 'b2b', { config: { consentMaxAgeDays: 90 } });
    expect(changed.policyVersion).toBe(2);
    expect(changed.configHash).not.toBe(before?.configHash);
    expect(changed.config.categories).toHaveLength(3);
    const same = await updateSiteConfig(database.db, 'b2b', { config: { consentMaxAgeDays: 90 } });
    expect(same.policyVersion).toBe(2);
    const versions = await database.db.select().from(sitePolicyVersions).where(eq(sitePolicyVersions.siteId, 'b2b'));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    expect(versions.find((v) => v.version === 2)?.config.consentMaxAgeDays).toBe(90);
  });

  it('refuses an invalid config and an unknown site', async () => {
    await expect(updateSiteConfig(database.db, 'b2b', { config: { consentMaxAgeDays: 999 } })).rejects.toMatchObject({
      code: 'invalid_site',
    });
    await expect(updateSiteConfig(database.db, 'ghost', { name: 'x' })).rejects.toMatchObject({ code: 'site_not_found' });
  });

  it('refuses a theme accent the buttons’ white text could not be read on (WCAG AA 4.5:1), and one it cannot check', async () => {
    const before = await getSite(database.db, 'b2b');
    for (const accent of ['#ffff00', '#1d9bf0', 'yellow', 'red;display:none']) {
      await expect(updateSiteConfig(database.db, 'b2b', { config: { theme: { accent } } }), accent).rejects.toMatchObject({
        code: 'invalid_site',
        message: expect.stringMatching(/theme\.accent/),
      });
    }
    expect((await getSite(database.db, 'b2b'))?.policyVersion).toBe(before?.policyVersion);
    for (const accent of ['#1d4ed8', '#0B4F8A', '#000']) {
      const site = await updateSiteConfig(database.db, 'b2b', { config: { theme: { accent } } });
      expect(site.config.theme.accent).toBe(accent);
    }
  });

  it('replaces allowed origins with normalised full origins', async () => {
    const site = await setAllowedOrigins(database.db, 'b2b', ['https://www.b2b.example', 'https://b2b.example:8443/']);
    expect(site.allowedOrigins).toEqual(['https://www.b2b.example', 'https://b2b.example:8443']);
    // A default port or upper case is the same origin; a path, query, fragment or credentials is not an origin.
    const same = await setAllowedOrigins(database.db, 'b2b', ['https://B2B.example:443', 'http://b2b.example:80/']);
    expect(same.allowedOrigins).toEqual(['https://b2b.example', 'http://b2b.example']);
    for (const bad of ['https://b2b.example/shop', 'https://b2b.example?x=1', 'https://b2b.example/#top', 'https://u:p@b2b.example']) {
      await expect(setAllowedOrigins(database.db, 'b2b', [bad]), bad).rejects.toThrow(/must be an origin only/);
    }
  });
});
