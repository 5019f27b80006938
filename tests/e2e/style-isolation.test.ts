/**
 * In real Chromium: the dialog looks the same on a page whose CSS would reach into it if it could — a 10px root font
 * size (the "62.5 %" pattern), rules on every <div> (the host element is one), and a right-to-left page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM } from './support/chromium.js';
import { widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';

const HOSTILE = `<html lang="en" dir="rtl"><head><style>
  html { font-size: 62.5%; }
  div { text-transform: uppercase; letter-spacing: 4px; word-spacing: 10px; text-align: right; font-size: 30px; color: red; }
</style>`;

const page = (head: string) =>
  `<!doctype html>${head}<title>Shop</title><script src="/consent.js" data-site="demo-shop" defer></script></head><body><h1>Shop</h1></body></html>`;

/** What a visitor would see change: sizes, spacing, case, alignment and direction of the banner. */
async function metrics(p: Page) {
  // The banner's chunk arrives after the API is ready: measure once the dialog is on screen.
  await p.getByRole('dialog', { name: 'Cookie consent' }).waitFor();
  return p.evaluate(() => {
    const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)!.shadowRoot!;
    const dialog = root.querySelector('dialog')!;
    const text = getComputedStyle(root.querySelector('p')!);
    const buttons = [...root.querySelectorAll('button')].map((b) => b.textContent);
    return {
      width: dialog.getBoundingClientRect().width,
      padding: getComputedStyle(dialog).paddingTop,
      heading: getComputedStyle(root.querySelector('h2')!).fontSize,
      text: [text.fontSize, text.textTransform, text.letterSpacing, text.wordSpacing, text.textAlign, text.direction, text.color],
      buttons,
    };
  });
}

describe.skipIf(!HAS_CHROMIUM)('style isolation (Chromium)', () => {
  const h = useDemoHarness();

  it("the page's root font size, its rules for <div> and a right-to-left page leave the banner as it is", async () => {
    const context = await h().newContext();
    await context.route('**/demo/shop/plain.html', (route) => route.fulfill({ contentType: 'text/html', body: page('<html lang="en"><head>') }));
    await context.route('**/demo/shop/hostile.html', (route) => route.fulfill({ contentType: 'text/html', body: page(HOSTILE) }));
    const plain = await context.newPage();
    await plain.goto('/demo/shop/plain.html');
    await widgetReady(plain);
    const hostile = await context.newPage();
    await hostile.goto('/demo/shop/hostile.html');
    await widgetReady(hostile);
    const expected = await metrics(plain);
    expect(expected.text.slice(1, 6)).toEqual(['none', 'normal', '0px', 'start', 'ltr']);
    expect(await metrics(hostile)).toEqual(expected);
    await context.close();
  });
});
