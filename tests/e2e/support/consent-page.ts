/** Driving the ConsentGate widget the way a visitor does: by accessible role and name (the UI lives in a shadow root). */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { ConsentChoice } from '@consentgate/shared/schemas';

export function banner(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Cookie consent' });
}

export function button(page: Page, name: 'Accept all' | 'Reject all' | 'Manage preferences' | 'Save preferences'): Locator {
  return page.getByRole('button', { name, exact: true }).first();
}

/** The on/off control of a category in the preference centre (a checkbox or a switch). */
export function categoryToggle(page: Page, category: string): Locator {
  const name = new RegExp(category, 'i');
  return page.getByRole('checkbox', { name }).or(page.getByRole('switch', { name })).first();
}

/** Every request the page makes, so a test can prove a tracker was (not) contacted. */
export function recordRequests(context: BrowserContext): URL[] {
  const seen: URL[] = [];
  context.on('request', (request) => seen.push(new URL(request.url())));
  return seen;
}

export async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name);
}

export function storedChoice(page: Page): Promise<ConsentChoice | null> {
  return page.evaluate(() => (window as unknown as { ConsentGate: { getConsent(): ConsentChoice | null } }).ConsentGate.getConsent());
}

/** Waits until the widget has read the stored choice or decided to ask (its `ready` event). */
export async function widgetReady(page: Page): Promise<void> {
  await page.waitForFunction(() => 'ConsentGate' in window, undefined, { timeout: 10_000 });
}

/** A short pause for anything a script might still fire (beacons, late inserts) before asserting that nothing happened. */
export function settle(page: Page, ms = 600): Promise<void> {
  return page.waitForTimeout(ms);
}
