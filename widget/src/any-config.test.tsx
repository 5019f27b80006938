/**
 * Property test: whatever consent config the server accepts — the site's own categories, required and GPC flags,
 * any number of services with odd names and cookie lists, texts of its own, any default and page language — a
 * first-time visitor sees the banner, makes a choice with its buttons or switches, and the server stores a receipt
 * deciding exactly what the visitor saw, which the page's API and Google Consent Mode (by the README's mapping) report
 * too. Nothing is logged as an error on the way.
 */
import { fireEvent, waitFor, within } from '@testing-library/preact';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { GOOGLE_CONSENT_TYPES, SUPPORTED_LOCALES, type SiteConsentConfigInput } from '@consentgate/shared/schemas';
import type { BannerTexts, MoreTexts } from '@consentgate/shared/i18n';
import { newVisitor, visit } from './test-support/page-view.js';
import { useTestSite } from './test-support/site-server.js';

const t = useTestSite();
let errors: MockInstance[] = [];
beforeEach(() => {
  errors = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
});
afterEach(() => errors.forEach((spy) => spy.mockRestore()));

const RUNS = Number(process.env.CG_WIDGET_FUZZ_RUNS ?? 25);
type Locale = (typeof SUPPORTED_LOCALES)[number];

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
/** Words a site might write: plain, accented, markup-like (shown as text, never as HTML), placeholders, as long as a cookie's lifetime may be. */
const words = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
  fc.constantFrom('<b>bold</b>', '<img src=x onerror=alert(1)>', 'Ünïcödé ☕ 🍪', 'a & b', '"quoted"', '{service}', 'x'.repeat(100)),
);
const cookie = fc.oneof(
  fc.record({ name: fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/), duration: fc.option(words, { nil: undefined }), description: fc.option(words, { nil: undefined }) }),
  fc.record({ name: fc.constantFrom('^_ga(_.*)?$', '^_pk_id\\..*$', '^(a|b)_id$', '^x$'), pattern: fc.constant(true) }),
);
const flags = fc.record({ required: fc.boolean(), optOutOnGpc: fc.boolean(), googleConsent: fc.subarray([...GOOGLE_CONSENT_TYPES]) });

const visitArb = fc.record({
  builtins: fc.subarray(['preferences', 'analytics', 'marketing']),
  custom: fc.uniqueArray(slug.map((s) => `c-${s}`), { maxLength: 2 }),
  flags: fc.array(flags, { minLength: 6, maxLength: 6 }),
  customTexts: fc.array(fc.record({ name: words, description: words }), { minLength: 2, maxLength: 2 }),
  services: fc.uniqueArray(
    fc.record({
      id: slug.map((s) => `s-${s}`),
      name: words,
      category: fc.nat(),
      description: fc.option(words, { nil: undefined }),
      provider: fc.option(words, { nil: undefined }),
      privacyPolicyUrl: fc.option(fc.constant('https://vendor.example/privacy'), { nil: undefined }),
      cookies: fc.uniqueArray(cookie, { maxLength: 3, selector: (c) => c.name }),
    }),
    { maxLength: 6, selector: (s) => s.id },
  ),
  defaultLocale: fc.constantFrom(...SUPPORTED_LOCALES),
  pageLang: fc.constantFrom(...SUPPORTED_LOCALES),
  bannerTitle: fc.option(words, { nil: undefined }),
  theme: fc.record({ position: fc.constantFrom('bottom' as const, 'center' as const), scheme: fc.constantFrom('auto' as const, 'light' as const, 'dark' as const) }),
  action: fc.constantFrom('accept-all' as const, 'reject-all' as const, 'custom' as const),
  switches: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});
type VisitCase = typeof visitArb extends fc.Arbitrary<infer T> ? T : never;

function configOf(c: VisitCase): SiteConsentConfigInput {
  const ids = ['necessary', ...c.builtins, ...c.custom];
  const categories = ids.map((id, i) => {
    const { required, optOutOnGpc, googleConsent } = c.flags[i]!;
    if (id === 'necessary') return { id, required: true };
    // GPC can only refuse what may be refused: the server refuses the pair.
    return { id, required, ...(required ? {} : { optOutOnGpc }), googleConsent };
  });
  const categoryTexts = Object.fromEntries(c.custom.map((id, i) => [id, c.customTexts[i]!]));
  return {
    defaultLocale: c.defaultLocale,
    categories,
    services: c.services.map(({ category, ...service }) => ({ ...service, category: ids[category % ids.length]! })),
    texts: { [c.defaultLocale]: { categories: categoryTexts, ...(c.bannerTitle ? { bannerTitle: c.bannerTitle } : {}) } },
    theme: c.theme,
    consentMode: { enabled: true },
  };
}

/** The README's Consent Mode mapping, for categories that do not set their own `googleConsent`. */
const MAPPING: Record<string, readonly string[]> = {
  necessary: ['security_storage'],
  preferences: ['functionality_storage', 'personalization_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};

/** What Consent Mode must say for these decisions: a type is granted when an allowed category maps to it. */
function consentModeOf(config: SiteConsentConfigInput, categories: Record<string, boolean>): Record<string, string> {
  const granted = (type: string) =>
    type === 'security_storage' || config.categories.some((k) => categories[k.id] && (k.googleConsent ?? MAPPING[k.id] ?? []).includes(type));
  return Object.fromEntries(GOOGLE_CONSENT_TYPES.map((type) => [type, granted(type) ? 'granted' : 'denied']));
}

const consentUpdates = () =>
  ((window as unknown as { dataLayer?: IArguments[] }).dataLayer ?? []).map((args) => Array.from(args)).filter((a) => a[0] === 'consent' && a[1] === 'update');

async function labels(locale: Locale): Promise<BannerTexts & MoreTexts> {
  const banner = (await import(`../../shared/src/i18n/${locale}.ts`)) as { default: BannerTexts };
  const more = (await import(`../../shared/src/i18n/${locale}-more.ts`)) as { default: MoreTexts };
  return { ...banner.default, ...more.default };
}

describe('any config the server accepts', () => {
  it('shows a banner whose choice the server stores exactly as the visitor saw it', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(visitArb, async (c) => {
        newVisitor();
        (window as unknown as { dataLayer: unknown[] }).dataLayer = [];
        const config = configOf(c);
        const site = await t.server.newSite(config);
        const text = await labels(c.pageLang);
        const view = visit({ api: t.server.url, siteId: site.id, body: '', lang: c.pageLang });
        await waitFor(() => expect(view.dialogRoot()).not.toBeNull());
        const dialog = within(await within(view.dialogRoot() as unknown as HTMLElement).findByRole('dialog'));

        const required = new Set(config.categories.filter((k) => k.required).map((k) => k.id));
        const services = config.services ?? [];
        let categories: Record<string, boolean>;
        let decided: Record<string, boolean>;
        if (c.action === 'custom') {
          fireEvent.click(dialog.getByRole('button', { name: text.managePreferences }));
          await dialog.findByRole('button', { name: text.savePreferences });
          // Category groups in config order (a services list, a <details>, is a group too: those are left out); in each,
          // the category's switch first, then its services' switches.
          const groups = dialog.getAllByRole('group').filter((group) => group.tagName !== 'DETAILS');
          expect(groups).toHaveLength(config.categories.length);
          let flip = 0;
          for (const group of groups) {
            for (const box of within(group).getAllByRole('checkbox')) {
              if (!(box as HTMLInputElement).disabled && c.switches[flip++ % c.switches.length]) fireEvent.click(box);
            }
          }
          const shown = groups.map((group) => within(group).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).checked));
          categories = Object.fromEntries(config.categories.map((k, i) => [k.id, shown[i]![0]!]));
          decided = {};
          config.categories.forEach((k, i) => services.filter((s) => s.category === k.id).forEach((s, j) => (decided[s.id] = shown[i]![j + 1]!)));
          fireEvent.click(dialog.getByRole('button', { name: text.savePreferences }));
        } else {
          const all = c.action === 'accept-all';
          fireEvent.click(dialog.getByRole('button', { name: all ? text.acceptAll : text.rejectAll }));
          categories = Object.fromEntries(config.categories.map((k) => [k.id, all || required.has(k.id)]));
          decided = Object.fromEntries(services.map((s) => [s.id, all || required.has(s.category)]));
        }

        await waitFor(async () => expect(await t.server.receipts(site.id)).toHaveLength(1));
        const [receipt] = await t.server.receipts(site.id);
        expect(receipt).toMatchObject({ method: c.action, locale: c.pageLang, policyVersion: site.policyVersion, configHash: site.configHash });
        expect(receipt!.categories).toEqual(categories);
        expect(receipt!.services).toEqual(decided);
        expect(view.api.getConsent()).toMatchObject({ categories, services: decided });
        for (const [id, on] of Object.entries(categories)) expect(view.api.hasConsent(id), id).toBe(on);
        const mode = consentModeOf(config, categories);
        expect(receipt!.consentMode).toEqual(mode);
        expect(consentUpdates().at(-1)?.[2]).toEqual(mode);
        await waitFor(() => expect(view.dialogRoot()?.querySelector('dialog[open]') ?? null).toBeNull());
        for (const spy of errors) expect(spy).not.toHaveBeenCalled();
      }),
      { numRuns: RUNS },
    );
  });
});
