import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AdminSite, AdminSiteSummary, PublicSiteConfig } from '@consentgate/shared';
import { auditLog, sitePolicyVersions } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { SHOP_CONFIG } from '../testing/app-fixture.js';
import { asUser, openAdminFixture, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';

let f: AdminFixture;
let admin: SignedIn;
beforeAll(async () => {
  f = await openAdminFixture();
  admin = await signIn(f.app, f.users.shopAdmin);
});
afterAll(async () => {
  await f?.close();
});

async function settings(who = admin): Promise<AdminSite> {
  const res = await asUser(f.app, who, '/v1/admin/sites/shop');
  expect(res.status).toBe(200);
  return (await res.json()) as AdminSite;
}

function save(
  site: AdminSite,
  change: Partial<Pick<AdminSite, 'name' | 'allowedOrigins' | 'config' | 'retentionDays'>>,
  who = admin,
  headers: Record<string, string> = {},
) {
  const { name, allowedOrigins, config, retentionDays } = { ...site, ...change };
  return asUser(f.app, who, '/v1/admin/sites/shop', { method: 'PUT', body: { name, allowedOrigins, config, retentionDays }, headers });
}

async function publicConfig(): Promise<PublicSiteConfig> {
  return (await (await f.app.request('/v1/sites/shop/config?lang=en')).json()) as PublicSiteConfig;
}

describe(`site settings (${testDbKind()})`, () => {
  it('bumps the policy version when what visitors agree to changes, and visitors get the new config', async () => {
    const before = await settings();
    expect((await publicConfig()).policyVersion).toBe(before.policyVersion);
    const categories = [...before.config.categories, { id: 'preferences' }];
    const res = await save(before, { config: { ...before.config, categories } });
    expect(res.status).toBe(200);
    const after = (await res.json()) as AdminSite;
    expect(after.policyVersion).toBe(before.policyVersion + 1);
    expect(after.configHash).not.toBe(before.configHash);
    const visitor = await publicConfig();
    expect(visitor.policyVersion).toBe(after.policyVersion);
    expect(visitor.configHash).toBe(after.configHash);
    expect(visitor.categories.map((c) => c.id)).toContain('preferences');
    const versions = await f.database.db.select().from(sitePolicyVersions).where(eq(sitePolicyVersions.siteId, 'shop'));
    expect(versions.map((v) => v.version)).toContain(after.policyVersion);
    const audit = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'site.update'));
    expect(audit.at(-1)).toMatchObject({ siteId: 'shop', actorType: 'user', actorId: admin.userId, target: 'config' });
    expect(audit.at(-1)!.details).toMatchObject({ policyVersion: after.policyVersion, previousPolicyVersion: before.policyVersion });
  });

  it('refuses a save with If-Match once someone else changed the settings, and changes nothing', async () => {
    const loaded = await asUser(f.app, admin, '/v1/admin/sites/shop');
    const tag = loaded.headers.get('etag')!;
    expect(tag).toMatch(/^"[\w-]+"$/);
    const site = (await loaded.json()) as AdminSite;
    // Another editor saves first; the answer carries the new tag.
    const first = await save(site, { name: 'Shop (first editor)' }, admin, { 'if-match': tag });
    expect(first.status).toBe(200);
    const newTag = first.headers.get('etag')!;
    expect(newTag).not.toBe(tag);
    // The second editor, still on what they loaded, would undo that rename: refused.
    const second = await save(site, { retentionDays: 30 }, admin, { 'if-match': tag });
    expect(second.status).toBe(412);
    expect(await second.json()).toMatchObject({ error: { code: 'precondition_failed', message: expect.stringMatching(/changed since they were loaded/) } });
    expect(await settings()).toMatchObject({ name: 'Shop (first editor)', retentionDays: site.retentionDays });
    // With the current tag the save goes through (without If-Match too, as in the other tests).
    expect((await save(await settings(), { name: site.name }, admin, { 'if-match': newTag })).status).toBe(200);
    expect((await asUser(f.app, admin, '/v1/admin/sites/shop')).headers.get('etag')).toBe(tag);
  });

  it('refuses to keep receipts for less time than a choice stays in force, naming the field, and changes nothing', async () => {
    // A receipt proves the choice the site acts on: deleted while the choice still counts, it would prove nothing.
    const before = await settings();
    expect(before.config.consentMaxAgeDays).toBe(182);
    const short = await save(before, { retentionDays: 90 });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({
      error: {
        code: 'validation_failed',
        message: 'receipts would be deleted after 90 days while a choice stays in force for 182 (consentMaxAgeDays): keep them at least 182 days, or ask visitors again sooner',
        details: [{ path: 'retentionDays' }],
      },
    });
    expect(await settings()).toEqual(before);
    // Asking visitors again sooner makes the shorter retention possible.
    const both = await save(before, { retentionDays: 90, config: { ...before.config, consentMaxAgeDays: 90 } });
    expect(both.status).toBe(200);
    expect(await both.json()).toMatchObject({ retentionDays: 90, config: { consentMaxAgeDays: 90 } });
    expect((await save(await settings(), { retentionDays: before.retentionDays, config: before.config })).status).toBe(200);
    // A new site is held to the same rule.
    const owner = await signIn(f.app, f.users.owner);
    const body = { id: 'brief', name: 'Brief', allowedOrigins: ['https://brief.example'], retentionDays: 30 };
    const created = await asUser(f.app, owner, '/v1/admin/sites', { method: 'POST', body });
    expect(created.status).toBe(400);
    expect((await asUser(f.app, owner, '/v1/admin/sites/brief')).status).toBe(404);
  });

  it('compares If-Match strongly: the current tag sent as weak (W/) is refused with 412 and changes nothing', async () => {
    const loaded = await asUser(f.app, admin, '/v1/admin/sites/shop');
    const tag = loaded.headers.get('etag')!;
    const site = (await loaded.json()) as AdminSite;
    const weak = await save(site, { name: 'Shop (weak tag)' }, admin, { 'if-match': `W/${tag}` });
    expect(weak.status).toBe(412);
    expect(await weak.json()).toMatchObject({ error: { code: 'precondition_failed' } });
    expect(await settings()).toMatchObject({ name: site.name });
    // In a list, the strong tag beside a weak one still matches.
    expect((await save(site, { name: site.name }, admin, { 'if-match': `W/"other", ${tag}` })).status).toBe(200);
  });

  it('names the allowed origin it refuses, as it names a field of the config', async () => {
    const site = await settings();
    const res = await save(site, { allowedOrigins: ['https://shop.example', 'ftp://files.example'] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; details: unknown } };
    expect(error.details).toEqual([{ path: 'allowedOrigins[1]', message: error.message }]);
    expect(error.message).toMatch('"ftp://files.example" must use http or https');
  });

  it('keeps the policy version for changes visitors do not agree to (retention, origins, name)', async () => {
    const before = await settings();
    const res = await save(before, { retentionDays: 2555, allowedOrigins: ['https://shop.example', 'https://www.shop.example'], name: 'Shop EU' });
    expect(res.status).toBe(200);
    const after = (await res.json()) as AdminSite;
    expect(after).toMatchObject({ policyVersion: before.policyVersion, retentionDays: 2555, name: 'Shop EU' });
    expect(after.allowedOrigins).toEqual(['https://shop.example', 'https://www.shop.example']);
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
  });

  it('answers 404 for a site id no site can have, as for any unknown site', async () => {
    const owner = await signIn(f.app, f.users.owner);
    for (const path of ['/v1/admin/sites/sh%00op', '/v1/admin/sites/sh%00op/stats']) {
      const res = await asUser(f.app, owner, path);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toMatchObject({ error: { code: 'site_not_found' } });
    }
  });

  it('leaves a site untouched, updatedAt included, by a save that changes nothing', async () => {
    const before = await settings();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await save(before, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(before);
  });

  it('replaces the config: a key left out is removed, which is a change visitors see', async () => {
    const before = await settings();
    expect(before.config.policyUrl).toBeDefined();
    const { policyUrl: _dropped, ...rest } = before.config;
    const after = (await (await save(before, { config: rest })).json()) as AdminSite;
    expect(after.config.policyUrl).toBeUndefined();
    expect(after.policyVersion).toBe(before.policyVersion + 1);
  });

  it('refuses invalid settings with 400 and stores nothing', async () => {
    const before = await settings();
    const badOrigin = await save(before, { allowedOrigins: ['https://shop.example/path'] });
    expect(badOrigin.status).toBe(400);
    const badConfig = await save(before, { config: { ...before.config, categories: [] } });
    expect(badConfig.status).toBe(400);
    // Configs no receipt could ever satisfy, links that would run script on the customer's page, values
    // PostgreSQL cannot store, and bodies beyond the limit: all 400/413, nothing stored.
    const config = before.config;
    const refused: Array<[string, Partial<Pick<AdminSite, 'name' | 'config'>>, string]> = [
      ['a category listed twice', { config: { ...config, categories: [...config.categories, config.categories[0]!] } }, 'listed twice'],
      ['a service of an unknown category', { config: { ...config, services: [{ id: 'x', name: 'X', category: 'nope', cookies: [] }] } }, 'not in categories'],
      ['a javascript: privacy policy link', { config: { ...config, policyUrl: 'javascript:alert(document.domain)' } }, 'policyUrl'],
      ['a cookie pattern that is no RegExp', { config: { ...config, services: [{ id: 'x', name: 'X', category: 'analytics', cookies: [{ name: '([', pattern: true }] }] } }, 'regular expression'],
      ['necessary refused under GPC', { config: { ...config, categories: config.categories.map((c) => (c.id === 'necessary' ? { ...c, optOutOnGpc: true } : c)) } }, 'cannot be refused under GPC'],
      ['a mistyped text key', { config: { ...config, texts: { en: { acceptAl: 'OK' } } as AdminSite['config']['texts'] } }, 'acceptAl'],
      ['an unknown key on a category', { config: { ...config, categories: config.categories.map((c) => ({ ...c, description: 'Changed text' })) } as Partial<AdminSite>['config'] }, 'description'],
      ['a mistyped theme key', { config: { ...config, theme: { accnet: '#000' } } as Partial<AdminSite>['config'] }, 'accnet'],
      ['an unknown top-level config key', { config: { ...config, bannerTitle: 'Hi' } as Partial<AdminSite>['config'] }, 'bannerTitle'],
      ['a NUL character', { name: 'a\u0000b' }, 'database cannot take'],
      ['a category of its own without texts', { config: { ...config, categories: [...config.categories, { id: 'social' }] } }, 'has no built-in texts: give it a name and description in texts.en.categories.social'],
    ];
    for (const [what, change, says] of refused) {
      const res = await save(before, change);
      expect(res.status, what).toBe(400);
      expect(JSON.stringify(await res.json()), what).toContain(says);
    }
    const huge = await save(before, { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await settings()).toEqual(before);
  });

  it('names a category of its own in every language by its default-language text unless a language has its own', async () => {
    const before = await settings();
    const social = { name: 'Social media', description: 'Share buttons and embedded posts.' };
    const texts = { en: { categories: { social } }, de: { categories: { social: { name: 'Soziale Medien', description: 'Teilen-Knöpfe.' } } } };
    const res = await save(before, { config: { ...before.config, categories: [...before.config.categories, { id: 'social' }], texts } });
    expect(res.status).toBe(200);
    const shown = async (lang: string) => ((await (await f.app.request(`/v1/sites/shop/config?lang=${lang}`)).json()) as PublicSiteConfig).texts.categories!;
    expect((await shown('fr')).social).toEqual(social);
    expect((await shown('de')).social!.name).toBe('Soziale Medien');
    // Built-in categories keep the visitor's language.
    expect((await shown('fr')).analytics!.name).not.toBe((await shown('en')).analytics!.name);
  });

  it('lets a viewer read settings but not change them', async () => {
    const viewer = await signIn(f.app, f.users.shopViewer);
    const site = await settings(viewer);
    expect(site.access).toEqual(['read']);
    const res = await save(site, { name: 'Viewer was here' }, viewer);
    expect(res.status).toBe(403);
    expect((await settings()).name).not.toBe('Viewer was here');
  });

  it('lists only the caller’s sites; only owners create sites', async () => {
    const mine = (await (await asUser(f.app, admin, '/v1/admin/sites')).json()) as { sites: AdminSiteSummary[] };
    expect(mine.sites.map((s) => s.id)).toEqual(['shop']);
    const body = { id: 'blog', name: 'Blog', allowedOrigins: ['https://blog.example'], config: SHOP_CONFIG };
    expect((await asUser(f.app, admin, '/v1/admin/sites', { method: 'POST', body })).status).toBe(403);
    const owner = await signIn(f.app, f.users.owner);
    const created = await asUser(f.app, owner, '/v1/admin/sites', { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'blog', policyVersion: 1, retentionDays: 1095 });
    expect((await asUser(f.app, owner, '/v1/admin/sites', { method: 'POST', body })).status).toBe(409);
    const all = (await (await asUser(f.app, owner, '/v1/admin/sites')).json()) as { sites: AdminSiteSummary[] };
    expect(all.sites.map((s) => s.id)).toEqual(['b2b', 'blog', 'shop']);
    expect((await asUser(f.app, owner, '/v1/admin/sites/nope')).status).toBe(404);
  });

  it('starts a site created without a config with the usual categories, and gives its install snippet', async () => {
    const owner = await signIn(f.app, f.users.owner);
    const body = { id: 'news', name: 'News', allowedOrigins: ['https://news.example'] };
    const created = await asUser(f.app, owner, '/v1/admin/sites', { method: 'POST', body });
    expect(created.status).toBe(201);
    const site = (await created.json()) as AdminSite;
    expect(site.config.categories.map((c) => [c.id, c.required === true])).toEqual([
      ['necessary', true],
      ['preferences', false],
      ['analytics', false],
      ['marketing', false],
    ]);
    // Visitors get it at once.
    const visitor = (await (await f.app.request('/v1/sites/news/config?lang=en')).json()) as PublicSiteConfig;
    expect(visitor.categories.map((c) => c.id)).toEqual(['necessary', 'preferences', 'analytics', 'marketing']);
    expect(site.installSnippet).toContain(`<script src="${f.config.publicUrl}/consent.js" data-site="news" defer></script>`);
    expect((await settings(owner)).installSnippet).toContain('data-site="shop"');
  });
});
