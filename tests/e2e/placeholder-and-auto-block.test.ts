/**
 * In real Chromium on the demo shop: an embed's "Allow" allows just its service (and keeps keyboard focus on what it
 * revealed), and auto-blocking holds known trackers inserted in ways a plain createElement check would miss, and tells the
 * page code that made one when it loaded after release.
 */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { button, recordRequests, settle, storedChoice, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';

describe.skipIf(!HAS_CHROMIUM)('embed placeholder and auto-blocking (shop demo, Chromium)', () => {
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

  it('holds a tracker URL in capitals, a held script whose type is removed, scripts of a parsed fragment, and copied scripts', async () => {
    const context = await h().newContext();
    const requests = recordRequests(context);
    await context.route(/hotjar/i, (route) => route.fulfill({ contentType: 'text/javascript', body: '(window.__ran = window.__ran || []).push(1)' }));
    const page = await context.newPage();
    await page.goto('/demo/shop/');
    await widgetReady(page);
    await page.evaluate(() => {
      const upper = document.createElement('script');
      upper.src = 'HTTPS://STATIC.HOTJAR.COM/c/hotjar-1.js?via=capitals';
      const removed = document.createElement('script');
      removed.src = 'https://static.hotjar.com/c/hotjar-1.js?via=removeAttribute';
      removed.removeAttribute('type');
      document.head.append(upper, removed);
      document.body.append(document.createRange().createContextualFragment('<script src="https://static.hotjar.com/c/hotjar-1.js?via=fragment"></script>'));
      // Copies: a cloned script given a tracker src, a src set through the prototype, a template's script imported.
      const cloned = document.createElement('script').cloneNode() as HTMLScriptElement;
      cloned.src = 'https://static.hotjar.com/c/hotjar-1.js?via=clone';
      const viaPrototype = document.createElement('script');
      Element.prototype.setAttribute.call(viaPrototype, 'src', 'https://static.hotjar.com/c/hotjar-1.js?via=prototype');
      const template = document.createElement('template');
      template.innerHTML = '<script src="https://static.hotjar.com/c/hotjar-1.js?via=template"></script>';
      document.head.append(cloned, viaPrototype, document.importNode(template.content, true));
    });
    await settle(page);
    expect(requests.filter((url) => /hotjar/i.test(url.host))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __ran?: unknown[] }).__ran)).toBeUndefined();
    await context.close();
  });

  it("a held tracker's load handlers run once it is released, and a marked script's onload attribute runs", async () => {
    const context = await h().newContext();
    await context.route(/hotjar/i, (route) => route.fulfill({ contentType: 'text/javascript', body: '(window.__ran = window.__ran || []).push("hotjar")' }));
    await context.route('**/demo/shop/onload.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><title>Shop</title><script src="/consent.js" data-site="demo-shop" defer></script>
<script type="text/plain" data-consent="analytics" src="/demo/vendor/etracker/e.js" onload="(window.__ran = window.__ran || []).push('attribute')"></script>
</head><body><h1>Shop</h1></body></html>`,
      }),
    );
    const page = await context.newPage();
    await page.goto('/demo/shop/onload.html');
    await widgetReady(page);
    // The usual loader of a tag: made by page code, which waits for its load event to set it up.
    await page.evaluate(() => {
      const ran = ((window as unknown as { __ran: string[] }).__ran ||= []);
      const script = document.createElement('script');
      script.async = true;
      script.onload = () => ran.push('onload');
      script.addEventListener('load', () => ran.push('listener'));
      script.src = 'https://static.hotjar.com/c/hotjar-1.js';
      document.head.append(script);
    });
    await settle(page, 300);
    expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual([]);
    await button(page, 'Accept all').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __ran: string[] }).__ran.slice().sort()))
      .toEqual(['attribute', 'hotjar', 'listener', 'onload']);
    await settle(page, 300);
    expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toHaveLength(4);
    await context.close();
  });
});
