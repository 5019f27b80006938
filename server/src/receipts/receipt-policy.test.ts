/**
 * A receipt must agree with the policy version it names: what the visitor was shown (version, config hash), what
 * they decided (every category of that version, no other; only its services) and how (the method). Anything else is
 * refused with 400 and leaves no trace: no receipt, no subject, nothing in the dashboard statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptInput, SiteConsentConfigInput } from '@consentgate/shared';
import { testDbKind } from '../db/test-database.js';
import { createSite, updateSiteConfig, type Site } from '../sites/sites.js';
import { querySiteStats } from '../stats/site-stats.js';
import { newSubject, openAppFixture, postReceipt, SITE_ORIGIN, type AppFixture } from '../testing/app-fixture.js';

/** A site with a category of its own that cannot be refused, one GPC covers and one it does not. */
const NEWS_CONFIG: SiteConsentConfigInput = {
  categories: [
    { id: 'necessary', required: true },
    { id: 'security', required: true },
    { id: 'analytics' },
    { id: 'marketing', optOutOnGpc: true },
  ],
  services: [
    { id: 'login', name: 'Login', category: 'security' },
    { id: 'matomo', name: 'Matomo', category: 'analytics' },
    { id: 'comments', name: 'Comments', category: 'analytics' },
    { id: 'adserver', name: 'Ad server', category: 'marketing' },
  ],
  texts: { en: { categories: { security: { name: 'Security', description: 'Keeps sign-in safe.' } } } },
};

let f: AppFixture;
let news: Site;
beforeAll(async () => {
  f = await openAppFixture();
  news = await createSite(f.database.db, { id: 'news', name: 'News', allowedOrigins: [SITE_ORIGIN], config: NEWS_CONFIG });
});
afterAll(async () => {
  await f?.close();
});

/** A receipt for the news site as the widget makes it: a custom choice of analytics without marketing. */
function newsReceipt(overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    schemaVersion: 1,
    receiptId: crypto.randomUUID(),
    siteId: news.id,
    ...newSubject(),
    policyVersion: news.policyVersion,
    configHash: news.configHash,
    method: 'custom',
    collection: 'preferences',
    categories: { necessary: true, security: true, analytics: true, marketing: false },
    services: { login: true, matomo: true, comments: false, adserver: false },
    gpc: false,
    locale: 'fr',
    pageUrl: 'https://shop.example/news/',
    clientTime: new Date().toISOString(),
    ...overrides,
  };
}

async function expectAccepted(body: ReceiptInput) {
  const res = await postReceipt(f.app, body);
  expect(res.status, await res.clone().text()).toBe(201);
}

/** Refused with `code`, a message that says why, and nothing written. */
async function expectRefused(body: unknown, code: string, message?: RegExp) {
  const receiptsBefore = await f.receiptCount();
  const subjectsBefore = await f.subjectCount();
  const res = await postReceipt(f.app, body);
  const answer = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status).toBe(400);
  expect(answer.error.code).toBe(code);
  if (message) expect(answer.error.message).toMatch(message);
  expect(await f.receiptCount()).toBe(receiptsBefore);
  expect(await f.subjectCount()).toBe(subjectsBefore);
}

describe(`POST /v1/receipts checks the receipt against its policy version (${testDbKind()})`, () => {
  it('accepts what the widget sends for each way of choosing', async () => {
    await expectAccepted(newsReceipt());
    await expectAccepted(
      newsReceipt({
        method: 'accept-all',
        collection: 'banner',
        categories: { necessary: true, security: true, analytics: true, marketing: true },
        services: { login: true, matomo: true, comments: true, adserver: true },
      }),
    );
    const refusedAll = { necessary: true, security: true, analytics: false, marketing: false };
    const noServices = { login: true, matomo: false, comments: false, adserver: false };
    await expectAccepted(newsReceipt({ method: 'reject-all', collection: 'banner', categories: refusedAll, services: noServices }));
    await expectAccepted(newsReceipt({ method: 'withdraw', categories: refusedAll, services: noServices }));
    // GPC covers marketing only; analytics may stay allowed.
    await expectAccepted(newsReceipt({ method: 'gpc', collection: 'gpc', gpc: true }));
    // Services are optional: a receipt may leave some out.
    await expectAccepted(newsReceipt({ services: { matomo: true } }));
  });

  it('refuses the receipt QA sent, and the dashboard never shows its made-up category', async () => {
    const forged = {
      ...newsReceipt(),
      policyVersion: 999,
      configHash: 'x',
      method: 'accept-all',
      categories: { necessary: false, analytics: false, bogus: true },
      locale: 'klingon-long-string',
    };
    await expectRefused(forged, 'validation_failed', /locale/);
    await expectRefused({ ...forged, locale: 'en' }, 'policy_version_unknown', /no policy version 999/);
    await expectRefused({ ...forged, locale: 'en', policyVersion: news.policyVersion }, 'config_hash_mismatch');
    const day = 86_400_000;
    const stats = await querySiteStats(f.database.db, {
      siteId: news.id,
      interval: 'day',
      from: new Date(Date.now() - day),
      to: new Date(Date.now() + day),
    });
    expect(Object.keys(stats.totals.categories)).not.toContain('bogus');
  });

  it('refuses an unknown policy version and a config hash of another version', async () => {
    await expectRefused(newsReceipt({ policyVersion: news.policyVersion + 1 }), 'policy_version_unknown');
    await expectRefused(newsReceipt({ configHash: 'x' }), 'config_hash_mismatch', /configHash/);
    await expectRefused(newsReceipt({ siteId: 'shop' }), 'config_hash_mismatch');
  });

  it('accepts the next version as soon as it is published, and still the earlier one a visitor may have been shown', async () => {
    const first = { policyVersion: news.policyVersion, configHash: news.configHash };
    await expectRefused(newsReceipt({ policyVersion: first.policyVersion + 1 }), 'policy_version_unknown');
    const next = await updateSiteConfig(f.database.db, news.id, {
      config: { services: [...(NEWS_CONFIG.services ?? []), { id: 'newsletter', name: 'Newsletter', category: 'marketing' }] },
    });
    expect(next.policyVersion).toBe(first.policyVersion + 1);
    const current = { policyVersion: next.policyVersion, configHash: next.configHash };
    await expectAccepted(newsReceipt({ ...current, services: { newsletter: false } }));
    await expectAccepted(newsReceipt(first));
    await expectRefused(newsReceipt({ ...first, services: { newsletter: false } }), 'services_mismatch', /"newsletter"/);
    await expectRefused(newsReceipt({ ...current, configHash: first.configHash }), 'config_hash_mismatch');
  });

  it('signs into a receipt the controller, notice and consent lifetime of the version it names, not the current ones', async () => {
    const press = await createSite(f.database.db, {
      id: 'press',
      name: 'Press',
      allowedOrigins: [SITE_ORIGIN],
      config: {
        ...NEWS_CONFIG,
        controller: { name: 'Old Press Ltd', contact: 'privacy@old.example' },
        policyUrl: 'https://old.example/privacy',
        consentMaxAgeDays: 30,
      },
    });
    const renamed = await updateSiteConfig(f.database.db, press.id, {
      config: { controller: { name: 'New Press SE', contact: 'dpo@new.example' }, policyUrl: 'https://new.example/privacy', consentMaxAgeDays: 90 },
    });
    const signed = async (version: Site) => {
      const res = await postReceipt(f.app, newsReceipt({ siteId: press.id, policyVersion: version.policyVersion, configHash: version.configHash }));
      expect(res.status).toBe(201);
      const receipt = (await res.json()) as { controller: { name: string }; policyUrl: string; serverTime: string; validUntil: string };
      return { ...receipt, days: (Date.parse(receipt.validUntil) - Date.parse(receipt.serverTime)) / 86_400_000 };
    };
    expect(await signed(press)).toMatchObject({ controller: { name: 'Old Press Ltd' }, policyUrl: 'https://old.example/privacy', days: 30 });
    expect(await signed(renamed)).toMatchObject({ controller: { name: 'New Press SE' }, policyUrl: 'https://new.example/privacy', days: 90 });
  });

  it('refuses categories that are not exactly those of the version, or a required one refused', async () => {
    const { marketing: _left, ...withoutMarketing } = newsReceipt().categories;
    await expectRefused(newsReceipt({ categories: withoutMarketing }), 'categories_mismatch', /no decision for "marketing"/);
    await expectRefused(
      newsReceipt({ categories: { ...newsReceipt().categories, bogus: true } }),
      'categories_mismatch',
      /unknown "bogus"/,
    );
    await expectRefused(
      newsReceipt({ categories: { ...newsReceipt().categories, necessary: false } }),
      'categories_mismatch',
      /"necessary" is required/,
    );
    await expectRefused(
      newsReceipt({ categories: { ...newsReceipt().categories, security: false }, services: {} }),
      'categories_mismatch',
      /"security" is required/,
    );
  });

  it('refuses an unknown service, and a service of a refused category allowed by anything but a custom choice or withdrawal', async () => {
    await expectRefused(newsReceipt({ services: { matomo: true, hotjar: true } }), 'services_mismatch', /"hotjar"/);
    const refused = { necessary: true, security: true, analytics: false, marketing: false };
    await expectRefused(
      newsReceipt({ method: 'reject-all', categories: refused, services: { adserver: true } }),
      'services_mismatch',
      /"adserver".*"marketing".*"reject-all"/,
    );
    // A service allowed by itself (an embed's "Allow") while the rest of its category stays refused.
    await expectAccepted(newsReceipt({ method: 'custom', services: { adserver: true } }));
    await expectAccepted(newsReceipt({ method: 'withdraw', categories: refused, services: { adserver: true, matomo: false } }));
  });

  it('refuses a method the decisions contradict', async () => {
    await expectRefused(newsReceipt({ method: 'accept-all' }), 'method_mismatch', /accept-all.*"marketing"/);
    await expectRefused(
      newsReceipt({ method: 'reject-all', services: { login: true } }),
      'method_mismatch',
      /reject-all.*"analytics"/,
    );
    await expectRefused(
      newsReceipt({
        method: 'gpc',
        collection: 'gpc',
        gpc: true,
        categories: { necessary: true, security: true, analytics: false, marketing: true },
        services: {},
      }),
      'method_mismatch',
      /gpc.*"marketing"/,
    );
  });

  it('takes only a language the notice can be shown in', async () => {
    await expectRefused(newsReceipt({ locale: 'de-DE' as ReceiptInput['locale'] }), 'validation_failed', /locale: must be one of en, de, fr, es, it, nl/);
    await expectRefused(newsReceipt({ locale: 'tlh' as ReceiptInput['locale'] }), 'validation_failed', /locale/);
    await expectAccepted(newsReceipt({ locale: 'nl' }));
  });
});
