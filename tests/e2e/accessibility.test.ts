/**
 * WCAG 2.2 AA checks of the consent UI in real Chromium: axe-core finds nothing on the banner or the open preference
 * centre, both reflow at 320 CSS px, and a visitor without a mouse can reject everything or save a custom choice with
 * the keyboard alone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { banner, button, storedChoice, widgetReady } from './support/consent-page.js';
import { widgetViolations } from './support/axe.js';
import { useDemoHarness } from './support/demo-harness.js';

/** Accessible name and role of the element that has keyboard focus, looking through shadow roots. */
function focused(page: Page): Promise<{ role: string; name: string; inDialog: boolean }> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return { role: '', name: '', inDialog: false };
    const labelledBy = active.getAttribute('aria-labelledby');
    const root = active.getRootNode() as Document | ShadowRoot;
    const labelText = labelledBy
      ? labelledBy.split(/\s+/).map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ')
      : (active as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return {
      role: active.getAttribute('role') ?? (active.tagName === 'INPUT' ? (active as HTMLInputElement).type : active.tagName.toLowerCase()),
      name: (active.getAttribute('aria-label') ?? (labelText || active.textContent || '')).trim(),
      inDialog: !!active.closest('dialog'),
    };
  });
}

/** Presses Tab until the focused control's name matches, failing after a full cycle (proves it is reachable). */
async function tabTo(page: Page, name: RegExp, maxTabs = 40): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i < maxTabs; i++) {
    const now = await focused(page);
    if (name.test(now.name)) return;
    visited.push(`${now.role}:${now.name.slice(0, 30)}`);
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${name} with Tab; focus went through: ${visited.join(' | ')}`);
}

describe.skipIf(!HAS_CHROMIUM)('consent UI accessibility (shop demo, Chromium)', () => {
  const h = useDemoHarness();

  async function openShop(): Promise<Page> {
    const context = await h().newContext();
    const page = await context.newPage();
    await page.goto('/demo/shop/');
    await widgetReady(page);
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    return page;
  }

  it('axe-core finds no violations on the banner', async () => {
    const page = await openShop();
    expect(await widgetViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('axe-core finds no violations on the open preference centre', async () => {
    const page = await openShop();
    await button(page, 'Manage preferences').click();
    await expect.poll(() => button(page, 'Save preferences').isVisible()).toBe(true);
    expect(await widgetViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('reflows at 320 × 256 CSS px (400 % zoom) on both demo sites in every language: banner and preference centre, cookie lists open, never scroll sideways', async () => {
    const pages = ['/demo/shop/', '/demo/b2b/'].flatMap((path) => ['en', 'de', 'fr', 'es', 'it', 'nl'].map((lang) => ({ path, lang })));
    for (const { path, lang } of pages) {
      const context = await h().newContext();
      const page = await context.newPage();
      await page.setViewportSize({ width: 320, height: 256 });
      // The banner speaks the page's language: the page, served as written in this one.
      await page.route(`**${path}`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: (await response.text()).replace(/<html lang="[^"]*"/, `<html lang="${lang}"`) });
      });
      await page.goto(path);
      await widgetReady(page);
      // Named in the page's language, so found by role alone.
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      /** How far the dialog (every disclosure open) or the page would scroll sideways. */
      const sideways = () =>
        page.evaluate(() => {
          const root = [...document.querySelectorAll('*')].find((e) => e.shadowRoot)!.shadowRoot!;
          root.querySelectorAll('details').forEach((d) => (d.open = true));
          const box = root.querySelector('dialog')!;
          return { path: location.pathname, lang: box.lang, dialog: box.scrollWidth - box.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth };
        });
      expect(await sideways()).toEqual({ path, lang, dialog: 0, page: 0 });
      // The third first-layer button is Manage preferences in every language.
      await dialog.locator('button').nth(2).click();
      await expect.poll(async () => (await sideways()).dialog).toBe(0);
      expect(await sideways()).toEqual({ path, lang, dialog: 0, page: 0 });
      await context.close();
    }
  });

  it('keyboard only: focus starts in the banner and Reject all is reached and pressed without a mouse', async () => {
    const page = await openShop();
    await expect.poll(async () => (await focused(page)).inDialog).toBe(true);
    // Modal: Tab and Shift+Tab cycle inside the dialog (never to the page behind it or out of the document), and
    // Escape does not dismiss it, wherever focus went before.
    for (const key of [...Array(12).fill('Tab'), ...Array(6).fill('Shift+Tab'), 'Escape', ...Array(5).fill('Tab'), 'Escape']) {
      await page.keyboard.press(key);
      const now = await focused(page);
      expect(now.inDialog, `${key} moved focus to ${now.role} "${now.name.slice(0, 40)}"`).toBe(true);
    }
    await expect.poll(() => banner(page).isVisible()).toBe(true);
    expect(await storedChoice(page)).toBeNull();
    await tabTo(page, /^Reject all$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => banner(page).isVisible()).toBe(false);
    const choice = await storedChoice(page);
    expect(choice?.method).toBe('reject-all');
    await h().waitForReceipt('demo-shop', (r) => r.receiptId === choice?.receiptId);
    await page.context().close();
  });

  it('keyboard only: open the preferences, switch analytics on and Save preferences', async () => {
    const page = await openShop();
    await tabTo(page, /^Manage preferences$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => button(page, 'Save preferences').isVisible()).toBe(true);
    await tabTo(page, /analytics/i);
    expect(['checkbox', 'switch']).toContain((await focused(page)).role);
    await page.keyboard.press('Space');
    await tabTo(page, /^Save preferences$/);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedChoice(page))?.method).toBe('custom');
    const choice = await storedChoice(page);
    expect(choice?.categories).toMatchObject({ analytics: true, marketing: false });
    const receipt = await h().waitForReceipt('demo-shop', (r) => r.receiptId === choice?.receiptId);
    expect(receipt.collection).toBe('preferences');
    await page.context().close();
  });
});
