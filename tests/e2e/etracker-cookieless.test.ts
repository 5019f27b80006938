/**
 * The second way to run etracker (B2B demo): loaded cookie-less from the start (`data-block-cookies="true"`), with
 * cookies switched on through etracker's own API only after analytics consent and off again on withdrawal.
 */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { button, categoryToggle, cookieNames, settle, storedChoice, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';

const ETRACKER_COOKIES = /^(_et_coid|BT_sdc|BT_pdc|BT_ctst|BT_ecl|GS3_v|isSdEnabled)$/;

describe.skipIf(!HAS_CHROMIUM)('etracker in cookie-less mode (B2B demo, Chromium)', () => {
  const h = useDemoHarness();

  it('counts without cookies before consent, enables cookies on analytics consent and disables them on withdrawal', async () => {
    const context = await h().newContext();
    const page = await context.newPage();
    await page.goto('/demo/b2b/');
    await widgetReady(page);
    await settle(page);
    const etracker = () => page.evaluate(() => (window as unknown as { _etracker?: { areCookiesEnabled(): boolean } })._etracker?.areCookiesEnabled());
    expect(await etracker()).toBe(false);
    expect((await cookieNames(context)).filter((n) => ETRACKER_COOKIES.test(n))).toEqual([]);
    expect(h().demo.collector.list().filter((hit) => hit.tracker === 'etracker').map((hit) => hit.mode)).toEqual(['cookieless']);

    await button(page, 'Manage preferences').click();
    await categoryToggle(page, 'analytics').click();
    await button(page, 'Save preferences').click();
    await expect.poll(etracker).toBe(true);
    await expect.poll(() => cookieNames(context)).toContain('_et_coid');
    expect((await cookieNames(context)).some((n) => /^lp_/.test(n))).toBe(false);

    await page.locator('footer [data-consentgate-open]').first().click();
    const analytics = categoryToggle(page, 'analytics');
    await expect.poll(() => analytics.isChecked()).toBe(true);
    await analytics.click();
    await button(page, 'Save preferences').click();
    await expect.poll(async () => (await cookieNames(context)).filter((n) => ETRACKER_COOKIES.test(n)), { timeout: 10_000 }).toEqual([]);
    await page.waitForLoadState('load');
    await widgetReady(page);
    await expect.poll(async () => (await storedChoice(page))?.categories.analytics).toBe(false);
    const choice = await storedChoice(page);
    const receipt = await h().waitForReceipt('demo-b2b', (r) => r.receiptId === choice?.receiptId);
    await h().expectValidSignature(receipt);
    await context.close();
  });
});
