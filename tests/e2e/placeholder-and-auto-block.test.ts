/** In real Chromium on the demo shop: an embed's "Allow" allows just its service and keeps keyboard focus on what it revealed. */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { button, storedChoice, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';

describe.skipIf(!HAS_CHROMIUM)('embed placeholder (shop demo, Chromium)', () => {
  const h = useDemoHarness();

  it('after Reject all, Allow on the chat placeholder allows only that service and moves focus to the chat frame', async () => {
    const context = await h().newContext();
    const page = await context.newPage();
    await page.goto('/demo/shop/');
    await widgetReady(page);
    await button(page, 'Reject all').click();
    const allow = page.getByRole('group', { name: 'WhatsApp chat' }).getByRole('button', { name: 'Allow' });
    await allow.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.frames().some((frame) => frame.url().includes('/demo/vendor/chat/')), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');

    const choice = await storedChoice(page);
    expect(choice).toMatchObject({ method: 'custom', categories: { marketing: false }, services: { whatsapp: true } });
    const receipt = await h().waitForReceipt('demo-shop', (r) => r.receiptId === choice?.receiptId);
    expect(receipt).toMatchObject({ categories: { marketing: false }, services: { whatsapp: true } });
    await h().expectValidSignature(receipt);
    await context.close();
  });

});
