import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicSiteConfig } from '@consentgate/shared';
import { testDbKind } from '../db/test-database.js';
import { openAppFixture, type AppFixture } from '../testing/app-fixture.js';
import { sql } from 'drizzle-orm';
import { forgetCachedSite } from './site-cache.js';
import { updateSiteConfig } from './sites.js';

let f: AppFixture;
beforeAll(async () => {
  f = await openAppFixture();
});
afterAll(async () => {
  await f?.close();
});

describe(`GET /v1/sites/{siteId}/config (${testDbKind()})`, () => {
  it('returns the public config with the complete texts of the requested language, the site’s own on top', async () => {
    const res = await f.app.request('/v1/sites/shop/config?lang=de');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    const body = PublicSiteConfig.parse(await res.json());
    expect(body).toMatchObject({ siteId: 'shop', policyVersion: 1, locale: 'de', configHash: f.site.configHash });
    // The site's German override wins; every other text is the built-in German one.
    expect(body.texts.bannerTitle).toBe('Wir verwenden Cookies');
    expect(body.texts).toMatchObject({ acceptAll: 'Alle akzeptieren', rejectAll: 'Alle ablehnen', savePreferences: 'Auswahl speichern' });
    expect(body.texts.categories?.analytics?.name).toBe('Statistik');
    const english = PublicSiteConfig.parse(await (await f.app.request('/v1/sites/shop/config?lang=en')).json());
    expect(english.texts.bannerTitle).not.toBe('Wir verwenden Cookies');
    expect(english.texts.acceptAll).toBe('Accept all');
    expect(body.categories.map((c) => c.id)).toEqual(['necessary', 'analytics', 'marketing']);
  });

  it('keeps a published version’s frozen texts, and fills in only texts the widget gained since', async () => {
    const kept = (await f.database.db.execute<{ texts: string }>(sql`select shown_texts::text as texts from sites where id = 'shop'`)) as unknown;
    const original = (Array.isArray(kept) ? kept : (kept as { rows: Array<{ texts: string }> }).rows)[0]!.texts as string;
    // A version frozen by an earlier release: it has no consentId text, and a bannerTitle of its own time.
    await f.database.db.execute(sql`update sites set shown_texts = jsonb_set(shown_texts #- '{en,consentId}', '{en,bannerTitle}', '"Frozen title"') where id = 'shop'`);
    forgetCachedSite(f.database.db, 'shop');
    try {
      const body = PublicSiteConfig.parse(await (await f.app.request('/v1/sites/shop/config?lang=en')).json());
      expect(body.texts.bannerTitle).toBe('Frozen title');
      expect(body.texts.consentId).toMatch(/\{id\}/);
    } finally {
      await f.database.db.execute(sql`update sites set shown_texts = ${original}::jsonb where id = 'shop'`);
      forgetCachedSite(f.database.db, 'shop');
    }
  });

  it('negotiates the language from lang, then Accept-Language, then the site default', async () => {
    const locale = async (query: string, acceptLanguage?: string) => {
      const res = await f.app.request(`/v1/sites/shop/config${query}`, {
        headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
      });
      return ((await res.json()) as { locale: string }).locale;
    };
    expect(await locale('?lang=fr-CH', 'de')).toBe('fr');
    expect(await locale('?lang=xx', 'ja, nl-BE;q=0.8, de;q=0.9')).toBe('de');
    expect(await locale('', 'pt-BR, it;q=0.5')).toBe('it');
    expect(await locale('', 'ja')).toBe('en');
    expect(await locale('')).toBe('en');
  });

  it('ignores Accept-Language entries whose quality is not a qvalue (0 to 1, up to three decimals)', async () => {
    const locale = async (acceptLanguage: string) => {
      const res = await f.app.request('/v1/sites/shop/config', { headers: { 'accept-language': acceptLanguage } });
      return ((await res.json()) as { locale: string }).locale;
    };
    expect(await locale('it;q=-1, de;q=0.1')).toBe('de');
    expect(await locale('it;q=abc, de;q=0.1')).toBe('de');
    expect(await locale('it;q=5, de;q=0.1')).toBe('de');
    expect(await locale('it;q=1.5, de;q=0.1')).toBe('de');
    expect(await locale('it;q=0.0001, de;q=0.1')).toBe('de');
    expect(await locale('it;q=, de;q=0.1')).toBe('de');
    expect(await locale('it;q=-1')).toBe('en');
    // Valid ones still order the list; "q" is case-insensitive and may have spaces around its ";".
    expect(await locale('it;q=0.5, de ; Q=0.9')).toBe('de');
    expect(await locale('it;q=1.000, de;q=0.999')).toBe('it');
    expect(await locale('it;q=0, de;q=0.001')).toBe('de');
  });

  it('says when the request carried Global Privacy Control as Sec-GPC: 1 (exactly), and varies on it', async () => {
    const config = async (headers: Record<string, string>) => {
      const res = await f.app.request('/v1/sites/shop/config?lang=en', { headers });
      expect(res.headers.get('vary')).toBe('Accept-Language, Sec-GPC');
      return PublicSiteConfig.parse(await res.json()).gpc;
    };
    expect(await config({ 'sec-gpc': '1' })).toBe(true);
    const others: Array<Record<string, string>> = [{}, { 'sec-gpc': '0' }, { 'sec-gpc': 'true' }, { dnt: '1' }];
    for (const other of others) expect(await config(other), JSON.stringify(other)).toBeUndefined();
  });

  it('answers 304 for a matching ETag and a new ETag after a policy change', async () => {
    const first = await f.app.request('/v1/sites/shop/config?lang=en');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const cached = await f.app.request('/v1/sites/shop/config?lang=en', { headers: { 'if-none-match': etag ?? '' } });
    expect(cached.status).toBe(304);
    await updateSiteConfig(f.database.db, 'shop', { config: { consentMaxAgeDays: 30 } });
    const changed = await f.app.request('/v1/sites/shop/config?lang=en', { headers: { 'if-none-match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { policyVersion: number }).policyVersion).toBe(2);
  });

  it('may be read from any origin, preflight included', async () => {
    const preflight = await f.app.request('/v1/sites/shop/config', {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const res = await f.app.request('/v1/sites/shop/config', { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives the services in the requested language where the site wrote them in it, else as in their config', async () => {
    const serviceTexts = { etracker: { description: 'Besuchsstatistik', cookies: { _et_coid: { duration: '2 Jahre', description: 'Besucherkennung' } } } };
    const before = await (await f.app.request('/v1/sites/shop/config?lang=de')).json() as PublicSiteConfig;
    // Words for a service or a cookie the site does not declare are refused, and change nothing.
    await expect(
      updateSiteConfig(f.database.db, 'shop', { config: { texts: { de: { bannerTitle: 'Wir verwenden Cookies', serviceTexts: { ...serviceTexts, hotjar: { name: 'Hotjar' } } } } } }),
    ).rejects.toMatchObject({ code: 'invalid_site', message: expect.stringContaining('texts.de.serviceTexts names service "hotjar", which is not in services') });
    await expect(
      updateSiteConfig(f.database.db, 'shop', { config: { texts: { de: { serviceTexts: { etracker: { cookies: { _ga: { duration: '2 Jahre' } } } } } } } }),
    ).rejects.toMatchObject({ code: 'invalid_site', message: expect.stringContaining('service "etracker" declares no cookie "_ga"') });

    const site = await updateSiteConfig(f.database.db, 'shop', { config: { texts: { de: { bannerTitle: 'Wir verwenden Cookies', serviceTexts } } } });
    // Visitors are shown other words: a new policy version, whose hash covers them.
    expect(site.policyVersion).toBe(before.policyVersion + 1);
    const german = PublicSiteConfig.parse(await (await f.app.request('/v1/sites/shop/config?lang=de')).json());
    expect(german.services).toEqual([
      { id: 'etracker', name: 'etracker Analytics', category: 'analytics', description: 'Besuchsstatistik', cookies: [{ name: '_et_coid', duration: '2 Jahre', description: 'Besucherkennung' }] },
    ]);
    // They travel in the services only, not a second time in the texts.
    expect(german.texts).not.toHaveProperty('serviceTexts');
    expect(german.configHash).toBe(site.configHash);
    const english = PublicSiteConfig.parse(await (await f.app.request('/v1/sites/shop/config?lang=en')).json());
    expect(english.services).toEqual([{ id: 'etracker', name: 'etracker Analytics', category: 'analytics', cookies: [{ name: '_et_coid' }] }]);
  });

  it('answers 404 in the error shape for an unknown site', async () => {
    const res = await f.app.request('/v1/sites/nope/config');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'site_not_found' } });
    // Ids no site can have are unknown sites too, not a database error.
    for (const id of ['sh%00op', 'SHOP', '%E2%80%AEshop']) {
      const odd = await f.app.request(`/v1/sites/${id}/config`);
      expect(odd.status, id).toBe(404);
      expect(await odd.json(), id).toMatchObject({ error: { code: 'site_not_found' } });
    }
  });
});
