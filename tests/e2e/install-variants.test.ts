/**
 * The tag as Consent Mode sites need it: synchronous and first in <head>, before Google's own gtag snippet. In real
 * Chromium against the demo server: the Consent Mode default is the first dataLayer entry, the banner shows, and on
 * the next page view the marked scripts further down the page run at once. A page under a strict nonce CSP header runs its marked
 * scripts too.
 */
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { banner, button, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';

const PAGE = `<!doctype html>
<html lang="en"><head><title>Consent Mode page</title>
<script src="/consent.js" data-site="demo-shop"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments); } gtag('js', new Date()); gtag('config', 'G-TEST');</script>
</head><body>
<h1>Shop</h1>
<script type="text/plain" data-consent="analytics">window.__analyticsRan = true;</script>
<a href="#" data-consentgate-open>Cookie settings</a>
</body></html>`;

describe.skipIf(!HAS_CHROMIUM)('a synchronous tag first in <head> (Chromium)', () => {
  const h = useDemoHarness();

  it("pushes the Consent Mode default before the page's own gtag calls and releases scripts further down", async () => {
    const context = await h().newContext();
    await context.route('**/demo/shop/consent-mode.html', (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    const page = await context.newPage();
    await page.goto('/demo/shop/consent-mode.html');
    await widgetReady(page);
    // Each dataLayer entry as its command and first argument ("js" carries a Date: only the command is kept).
    const commands = () =>
      page.evaluate(() =>
        (window as unknown as { dataLayer: IArguments[] }).dataLayer.map((args) => (args[0] == 'js' ? 'js' : `${String(args[0])} ${String(args[1])}`)),
      );
    expect((await commands()).slice(0, 3)).toEqual(['consent default', 'js', 'config G-TEST']);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await button(page, 'Accept all').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analyticsRan?: boolean }).__analyticsRan === true)).toBe(true);

    // Next page view: the choice is known while <head> is parsed; the script below the tag runs without any click.
    await page.reload();
    await widgetReady(page);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analyticsRan?: boolean }).__analyticsRan === true)).toBe(true);
    expect(await banner(page).isVisible()).toBe(false);
    await context.close();
  });
});

/** A static page under a strict CSP sent as a header: scripts and styles only with the page's nonce. */
const CSP_PAGE = `<!doctype html>
<html lang="en"><head><title>Strict CSP page</title>
<script nonce="n0nce">window.consentgateConfig = { categories: [{ id: 'necessary', required: true }, { id: 'analytics' }], services: [], texts: {}, theme: {} };</script>
<script src="/consent.js" nonce="n0nce" defer></script>
<script type="text/plain" data-consent="analytics" nonce="n0nce">window.__analyticsRan = true;</script>
</head><body><h1>Static site</h1></body></html>`;

describe.skipIf(!HAS_CHROMIUM)('a strict nonce CSP sent as a header (Chromium)', () => {
  const h = useDemoHarness();

  it('a marked inline script carrying the nonce runs once allowed', async () => {
    const context = await h().newContext();
    await context.route('**/demo/static/csp.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': "script-src 'nonce-n0nce' 'self'; style-src 'nonce-n0nce'" },
        body: CSP_PAGE,
      }),
    );
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
    await page.goto('/demo/static/csp.html');
    await widgetReady(page);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    await button(page, 'Accept all').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analyticsRan?: boolean }).__analyticsRan === true)).toBe(true);
    expect(violations).toEqual([]);
    await context.close();
  });
});
