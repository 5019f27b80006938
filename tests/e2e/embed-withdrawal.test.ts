/**
 * Withdrawing consent for an embed that already runs, in real Chromium on the demo shop: the chat frame is unloaded
 * (no src: about:blank), its placeholder returns, and the cookie the chat set is deleted.
 */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { button, cookieNames, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';

describe.skipIf(!HAS_CHROMIUM)('withdrawing a running embed (shop demo, Chromium)', () => {
  const h = useDemoHarness();

  it('unloads the chat frame, brings its placeholder back and deletes its cookie', async () => {
    const context = await h().newContext();
    const page = await context.newPage();
    await page.goto('/demo/shop/');
    await widgetReady(page);
    await button(page, 'Accept all').click();
    const chatFrames = () => page.frames().filter((frame) => frame.url().includes('/demo/vendor/chat/')).length;
    await expect.poll(chatFrames, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => cookieNames(context), { timeout: 10_000 }).toContain('wa_chat_seen');

    // Marketing off, analytics kept: etracker stays, so nothing forces a reload; the frame itself must stop.
    await page.evaluate(() =>
      (window as unknown as { ConsentGate: { save(input: object): Promise<void> } }).ConsentGate.save({ categories: { analytics: true }, services: { etracker: true } }),
    );
    await expect.poll(chatFrames).toBe(0);
    await expect.poll(() => page.getByRole('group', { name: 'WhatsApp chat' }).isVisible()).toBe(true);
    expect(await cookieNames(context)).not.toContain('wa_chat_seen');
    await context.close();
  });
});
