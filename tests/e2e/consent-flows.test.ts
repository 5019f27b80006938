/**
 * The promises ConsentGate makes to visitors, proven on both demo sites in real Chromium against a real server and a
 * real PostgreSQL database: nothing tracks before a choice, every choice is a signed receipt, withdrawal works, GPC is
 * honoured, receipts survive an outage, and a new policy version asks again.
 */
import { updateSiteConfig, getSite } from '@consentgate/server';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GPC_ARGS, HAS_CHROMIUM, launchChromium } from './support/chromium.js';
import {
  banner,
  button,
  categoryToggle,
  cookieNames,
  recordRequests,
  settle,
  storedChoice,
  widgetReady,
} from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';
import { SITES, type SiteUnderTest } from './support/demo-sites.js';

describe.skipIf(!HAS_CHROMIUM).each(SITES)('$id in Chromium', (site: SiteUnderTest) => {
  const h = useDemoHarness();

  async function visit(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(site.path);
    await widgetReady(page);
    return page;
  }

  const trackerCookies = async (context: BrowserContext) => (await cookieNames(context)).filter((n) => site.trackerCookie.test(n));
  const trackerRequests = (seen: URL[]) => seen.filter((url) => site.isTrackerRequest(url)).map((url) => url.pathname + url.search);

  async function acceptAll(context: BrowserContext): Promise<Page> {
    const page = await visit(context);
    await button(page, 'Accept all').click();
    await expect.poll(() => cookieNames(context), { timeout: 10_000 }).toContain(site.consentedCookie);
    return page;
  }

  it('shows the banner and sets no tracker cookie and makes no tracker request before a choice', async () => {
    const context = await h().newContext();
    const seen = recordRequests(context);
    const page = await visit(context);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await expect(button(page, 'Reject all').isVisible()).resolves.toBe(true);
    await settle(page);
    expect(await trackerCookies(context)).toEqual([]);
    expect(trackerRequests(seen)).toEqual([]);
    await context.close();
  });

  it('Reject all: still no tracker cookie or request, on this page and the next, and a signed reject-all receipt', async () => {
    const context = await h().newContext();
    const seen = recordRequests(context);
    const page = await visit(context);
    await button(page, 'Reject all').click();
    await expect.poll(() => banner(page).isVisible()).toBe(false);
    const choice = await storedChoice(page);
    expect(choice?.method).toBe('reject-all');
    const receipt = await h().waitForReceipt(site.id, (r) => r.receiptId === choice?.receiptId);
    expect(receipt).toMatchObject({ method: 'reject-all', siteId: site.id, subjectId: choice?.subjectId });
    expect(receipt.categories).toMatchObject({ analytics: false, marketing: false });
    await h().expectValidSignature(receipt);

    await page.reload();
    await widgetReady(page);
    await settle(page);
    expect(await banner(page).isVisible()).toBe(false);
    expect(await trackerCookies(context)).toEqual([]);
    expect(trackerRequests(seen)).toEqual([]);
    await context.close();
  });

  it('Accept all: the tracker runs and sets its cookie, and a signed accept-all receipt is stored', async () => {
    const context = await h().newContext();
    const hitsBefore = h().demo.collector.list().length;
    const page = await acceptAll(context);
    const choice = await storedChoice(page);
    const receipt = await h().waitForReceipt(site.id, (r) => r.receiptId === choice?.receiptId);
    expect(receipt.method).toBe('accept-all');
    expect(receipt.categories).toMatchObject({ analytics: true, marketing: true });
    expect(receipt.pageUrl).toBe(`${h().demo.url}${site.path}`);
    await h().expectValidSignature(receipt);
    await expect
      .poll(() => h().demo.collector.list().slice(hitsBefore).filter((hit) => hit.visitorId).length, { timeout: 5_000 })
      .toBeGreaterThan(0);
    await context.close();
  });

  it('returning visitor: no banner, no consent request, and the allowed tracker runs at once', async () => {
    const context = await h().newContext();
    const first = await acceptAll(context);
    const choice = await storedChoice(first);
    await h().waitForReceipt(site.id, (r) => r.receiptId === choice?.receiptId);
    const seen = recordRequests(context);
    const page = await visit(context);
    await settle(page);
    expect(await banner(page).isVisible()).toBe(false);
    expect(seen.filter((url) => url.pathname === '/v1/receipts')).toEqual([]);
    expect(trackerRequests(seen).length).toBeGreaterThan(0);
    await context.close();
  });

  it('withdrawal from the reopened preferences removes the tracker cookies and stores a signed receipt', async () => {
    const context = await h().newContext();
    const page = await acceptAll(context);
    const accepted = await storedChoice(page);
    await h().waitForReceipt(site.id, (r) => r.receiptId === accepted?.receiptId);

    await page.locator('footer [data-consentgate-open]').first().click();
    const toggle = categoryToggle(page, site.trackerCategory);
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.click();
    expect(await toggle.isChecked()).toBe(false);
    // Refusing a category whose script already ran reloads the page (site option reloadOnRevoke, on by default).
    await button(page, 'Save preferences').click();
    await expect.poll(() => categoryCookiesOf(context, site), { timeout: 10_000 }).toEqual([]);

    await page.waitForLoadState('load');
    await widgetReady(page);
    await expect.poll(async () => (await storedChoice(page))?.categories[site.trackerCategory]).toBe(false);
    const withdrawn = await storedChoice(page);
    expect(withdrawn?.categories[site.trackerCategory]).toBe(false);
    const receipt = await h().waitForReceipt(site.id, (r) => r.receiptId === withdrawn?.receiptId);
    expect(receipt.receiptId).not.toBe(accepted?.receiptId);
    expect(receipt.subjectId).toBe(accepted?.subjectId);
    expect(receipt.categories[site.trackerCategory]).toBe(false);
    await h().expectValidSignature(receipt);
    await context.close();
  });

  it('Global Privacy Control (sent natively by Chromium): marketing stays refused and a gpc receipt is stored', async () => {
    const gpcBrowser = await launchChromium(GPC_ARGS);
    try {
      const context = await gpcBrowser.newContext({ baseURL: h().demo.url });
      const seen = recordRequests(context);
      const headers: string[] = [];
      context.on('request', (request) => {
        if (new URL(request.url()).pathname === site.path) headers.push(request.headers()['sec-gpc'] ?? '');
      });
      const page = await visit(context);
      expect(await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)).toBe(true);
      expect(headers).toContain('1');

      // The banner still shows (the visitor may opt in) and says the signal was honoured.
      await expect.poll(() => banner(page).isVisible()).toBe(true);
      expect(await banner(page).textContent()).toContain('Global Privacy Control');
      const receipt = await h().waitForReceipt(site.id, (r) => r.method === 'gpc');
      expect(receipt.gpc).toBe(true);
      expect(receipt.categories.marketing).toBe(false);
      await h().expectValidSignature(receipt);
      await settle(page);
      expect(seen.filter((url) => site.isMarketingRequest(url)).map((url) => url.pathname)).toEqual([]);
      expect((await cookieNames(context)).filter((n) => /^(lp_uid|lp_seg_)/.test(n))).toEqual([]);
      await context.close();
    } finally {
      await gpcBrowser.close();
    }
  });

  it('Global Privacy Control sent only as the Sec-GPC header (as some extensions do) is honoured the same way', async () => {
    const context = await h().newContext();
    await context.setExtraHTTPHeaders({ 'Sec-GPC': '1' });
    const page = await visit(context);
    expect(await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)).not.toBe(true);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    expect(await banner(page).textContent()).toContain('Global Privacy Control');
    const choice = await storedChoice(page);
    const receipt = await h().waitForReceipt(site.id, (r) => r.receiptId === choice?.receiptId);
    expect(receipt).toMatchObject({ method: 'gpc', gpc: true });
    expect(receipt.categories.marketing).toBe(false);
    await context.close();
  });

  it('offline server: the receipt waits in the outbox and arrives once the server is reachable again', async () => {
    const context = await h().newContext();
    await context.route('**/v1/receipts', (route) => route.abort('internetdisconnected'));
    const page = await visit(context);
    await button(page, 'Reject all').click();
    const choice = await storedChoice(page);
    expect(choice?.receiptId).toBeTruthy();
    await settle(page, 1_000);
    expect((await h().receipts(site.id)).some((r) => r.receiptId === choice?.receiptId)).toBe(false);

    await context.unroute('**/v1/receipts');
    await page.goto(site.path.replace(/\/$/, '/privacy.html'));
    const receipt = await h().waitForReceipt(site.id, (r) => r.receiptId === choice?.receiptId, 20_000);
    expect(receipt.method).toBe('reject-all');
    await h().expectValidSignature(receipt);
    await context.close();
  });

  it('a new policy version brings the banner back even with a valid consent cookie', async () => {
    const context = await h().newContext();
    const page = await acceptAll(context);
    const choice = await storedChoice(page);
    await h().waitForReceipt(site.id, (r) => r.receiptId === choice?.receiptId);
    const state = await context.storageState();
    await context.close();

    const before = await getSite(h().demo.database.db, site.id);
    const updated = await updateSiteConfig(h().demo.database.db, site.id, {
      config: { consentMaxAgeDays: (before?.config.consentMaxAgeDays ?? 182) - 1 },
    });
    expect(updated.policyVersion).toBe((before?.policyVersion ?? 0) + 1);

    // The same visitor comes back ten minutes later (same cookies and storage, new browser session), after the
    // widget's five-minute config cache has gone stale.
    const returning = await h().browser.newContext({ baseURL: h().demo.url, storageState: state });
    await returning.clock.setSystemTime(Date.now() + 10 * 60_000);
    const again = await visit(returning);
    await expect.poll(() => banner(again).isVisible(), { timeout: 10_000 }).toBe(true);
    await button(again, 'Accept all').click();
    const renewed = await storedChoice(again);
    const receipt = await h().waitForReceipt(site.id, (r) => r.receiptId === renewed?.receiptId);
    expect(receipt.policyVersion).toBe(updated.policyVersion);
    await returning.close();
  });
});

describe.skipIf(!HAS_CHROMIUM)('two demo sites on one host', () => {
  const h = useDemoHarness();

  it("each keeps its own choice: the other asks for its own, records its own receipt, and leaves the first one's alone", async () => {
    const [shop, b2b] = SITES;
    const context = await h().newContext();
    const first = await context.newPage();
    await first.goto(shop.path);
    await widgetReady(first);
    await button(first, 'Accept all').click();
    const shopChoice = await storedChoice(first);
    await h().waitForReceipt(shop.id, (r) => r.receiptId === shopChoice?.receiptId);

    const second = await context.newPage();
    await second.goto(b2b.path);
    await widgetReady(second);
    await expect.poll(() => banner(second).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await second.evaluate(() => (window as unknown as { ConsentGate: { getConsent(): unknown } }).ConsentGate.getConsent())).toBeNull();
    await button(second, 'Reject all').click();
    const b2bChoice = await storedChoice(second);
    const receipt = await h().waitForReceipt(b2b.id, (r) => r.receiptId === b2bChoice?.receiptId);
    expect(receipt.method).toBe('reject-all');
    // A different subject per site: erasing one site's history never cuts the visitor off from the other's.
    expect(receipt.subjectId).not.toBe(shopChoice?.subjectId);

    // Each site keeps its own cookie path (data-cookie-path): back on the shop, its own choice still holds.
    const back = await context.newPage();
    await back.goto(shop.path);
    await widgetReady(back);
    expect((await storedChoice(back))?.receiptId).toBe(shopChoice?.receiptId);
    await settle(back);
    expect(await banner(back).isVisible()).toBe(false);
    await context.close();
  });
});

async function categoryCookiesOf(context: BrowserContext, site: SiteUnderTest): Promise<string[]> {
  return (await cookieNames(context)).filter((name) => site.categoryCookie.test(name));
}
