/**
 * The dashboard in real Chromium against the real demo server and a real PostgreSQL database: visitors make choices
 * on the demo shop, a marketing owner signs in at /admin, sees the consent chart drawn with exactly those choices,
 * and exports the site's receipts as CSV.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createUser } from '@consentgate/server';
import type { SignedReceipt } from '@consentgate/shared/schemas';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { button, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';
import { SHOP } from './support/demo-sites.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const EMAIL = 'marketing-owner@example.com';

/** WCAG 2.2 AA violations axe-core finds on the whole page (injected over the DevTools protocol: the CSP allows no inline script). */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> };
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  });
}
const PASSWORD = 'a long enough test password';

/**
 * Settings (collapsed, then open), an erasure confirmation, the audit log, users and API tokens (a new token shown, a
 * revoke confirmation open): axe-core finds nothing on each.
 */
async function axeOnTheOtherScreens(page: Page, subjectId: string, tokenName: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Save settings' }).waitFor();
  // The install snippet and policy versions collapsed, then open.
  expect(await axeViolations(page)).toEqual([]);
  await page.getByText('Install on the site’s pages').click();
  await page.getByRole('button', { name: 'Copy snippet' }).waitFor();
  await page.getByText('Published policy versions').click();
  await page.getByRole('table', { name: 'Policy versions, newest first' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Subject requests' }).click();
  await page.getByLabel('Subject id').fill(subjectId);
  await page.getByRole('button', { name: 'Find receipts' }).click();
  await page.getByRole('button', { name: 'Erase this subject…' }).click();
  await page.getByRole('group', { name: 'Erase 1 consent record?' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('button', { name: 'Show entries' }).click();
  await page.getByRole('table', { name: 'Audit entries, newest first' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('table', { name: 'Dashboard users' }).waitFor();
  await page.getByRole('heading', { name: 'Add a user' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  // API tokens, with a new one shown and a revoke confirmation open.
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByLabel('Token name').fill(tokenName);
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByLabel('New API token').waitFor();
  await page.getByRole('button', { name: `Revoke ${tokenName}…` }).click();
  await page.getByRole('button', { name: 'Yes, revoke' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
}

describe.skipIf(!HAS_CHROMIUM)('dashboard in Chromium', () => {
  const h = useDemoHarness((harness) => createUser(harness.demo.database.db, { email: EMAIL, password: PASSWORD, role: 'owner' }));

  /** One visitor (a fresh browser profile) making one choice on the demo shop; resolves with the stored receipt. */
  async function visitorChooses(choice: 'Accept all' | 'Reject all'): Promise<SignedReceipt> {
    const context = await h().newContext();
    const page = await context.newPage();
    await page.goto(SHOP.path);
    await widgetReady(page);
    const before = new Set((await h().receipts(SHOP.id)).map((r) => r.receiptId));
    await button(page, choice).click();
    const method = choice === 'Accept all' ? 'accept-all' : 'reject-all';
    const receipt = await h().waitForReceipt(SHOP.id, (r) => r.method === method && !before.has(r.receiptId));
    await context.close();
    return receipt;
  }

  it('signs in, shows the consent chart with the choices visitors made, and exports them as CSV (axe-core finds nothing)', async () => {
    const made = [await visitorChooses('Accept all'), await visitorChooses('Accept all'), await visitorChooses('Reject all')];
    const stored = await h().receipts(SHOP.id);
    expect(stored.map((r) => r.receiptId).sort()).toEqual(made.map((r) => r.receiptId).sort());

    const context = await h().newContext();
    const page = await context.newPage();
    await page.goto('/admin/');
    await page.getByLabel('Email').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The site list, with the owner's "Add a site" form.
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: new RegExp(SHOP.id) }).click();

    // The chart is drawn on canvases (uPlot), and the summary next to it holds exactly the visitors' choices.
    const choices = page.getByRole('table', { name: 'Choices in this range' });
    await choices.waitFor();
    await expect.poll(() => page.locator('figure .uplot canvas').count()).toBe(2);
    const row = (name: string) => choices.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td');
    expect(await row('Accept all').allTextContents()).toEqual(['2', '66.7 %']);
    expect(await row('Reject all').allTextContents()).toEqual(['1', '33.3 %']);
    expect(await row('Custom choice').allTextContents()).toEqual(['0', '0.0 %']);
    expect(await row('All receipts').first().textContent()).toBe('3');
    const rates = page.getByRole('table', { name: 'Opt-in rate per category' });
    expect(await rates.getByRole('row', { name: /^analytics/ }).locator('td').allTextContents()).toEqual(['2', '3', '66.7 %']);
    expect(await rates.getByRole('row', { name: /^marketing/ }).locator('td').allTextContents()).toEqual(['2', '3', '66.7 %']);
    // The canvas is not blank: uPlot drew the series lines onto it.
    const inked = await page.locator('figure .uplot canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! !== data[i + 1]!) coloured++;
      return coloured;
    });
    expect(inked).toBeGreaterThan(50);
    expect(await axeViolations(page)).toEqual([]);

    // Receipts: search everything, export CSV, and check the downloaded file.
    await page.getByRole('link', { name: 'Receipts' }).click();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Matching receipts, newest first' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`receipts-${SHOP.id}.csv`);
    const csv = (await readFile((await download.path())!, 'utf8')).trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/^receiptId,serverTime,siteId,subjectId,policyVersion,method,/);
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[0]).sort()).toEqual(made.map((r) => r.receiptId).sort());
    expect(rows.map((r) => r[header.indexOf('method')]).sort()).toEqual(['accept-all', 'accept-all', 'reject-all']);
    expect(await axeViolations(page)).toEqual([]);
    // What a receipt's visitor was shown, with its config hash recomputed in the page.
    await page.getByRole('button', { name: /what this visitor was shown$/ }).first().click();
    const shown = page.getByRole('region', { name: 'What the visitor was shown' });
    await shown.getByText('✓ The receipt’s config hash matches this version').waitFor();
    await shown.getByRole('table', { name: 'Categories as shown, and this visitor’s choice' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The other screens pass axe-core too.
    await axeOnTheOtherScreens(page, made[0]!.subjectId, 'e2e export');
    await context.close();
  });

  it('in the dark colour scheme axe-core finds nothing on the main screens either', async () => {
    const made = await visitorChooses('Reject all');
    const context = await h().browser.newContext({ baseURL: h().demo.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto('/admin/');
    await page.getByLabel('Email').waitFor();
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: new RegExp(SHOP.id) }).click();
    await page.getByRole('table', { name: 'Choices in this range' }).waitFor();
    await expect.poll(() => page.locator('figure .uplot canvas').count()).toBe(2);
    await page.getByText('Numbers per day').click();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Receipts' }).click();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Matching receipts, newest first' }).waitFor();
    await page.getByRole('button', { name: /what this visitor was shown$/ }).first().click();
    await page.getByText('✓ The receipt’s config hash matches this version').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await axeOnTheOtherScreens(page, made.subjectId, 'dark export');
    await context.close();
  });

  it('on a 320 px wide screen (a phone, or 400 % zoom) no screen scrolls sideways: wide tables scroll inside their own box, which the keyboard can scroll', async () => {
    await visitorChooses('Accept all');
    const context = await h().browser.newContext({ baseURL: h().demo.url, viewport: { width: 320, height: 640 }, locale: 'en-GB' });
    const page = await context.newPage();
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto('/admin/');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    expect(await pageWidth()).toBe(320);
    await page.getByRole('link', { name: new RegExp(SHOP.id) }).click();
    await page.getByRole('table', { name: 'Choices in this range' }).waitFor();
    expect(await pageWidth()).toBe(320);
    // A box that scrolls and holds no control is a tab stop of its own.
    await page.getByText('Numbers per day').click();
    await expect.poll(() => page.getByRole('region', { name: 'Numbers per day' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Numbers per day' }).getAttribute('tabindex')).toBe('0');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Receipts' }).click();
    await page.getByRole('button', { name: 'Search' }).click();
    const found = page.getByRole('table', { name: 'Matching receipts, newest first' });
    await found.waitFor();
    // The table itself is wider than the phone; only its box scrolls.
    expect(await found.evaluate((table) => table.getBoundingClientRect().width)).toBeGreaterThan(320);
    expect(await pageWidth()).toBe(320);
    await page.getByRole('button', { name: /what this visitor was shown$/ }).first().click();
    await page.getByText('✓ The receipt’s config hash matches this version').waitFor();
    expect(await pageWidth()).toBe(320);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    // The install snippet's long lines scroll inside their box.
    await page.getByText('Install on the site’s pages').click();
    await page.getByRole('button', { name: 'Copy snippet' }).waitFor();
    await page.getByText('Published policy versions').click();
    await page.getByRole('table', { name: 'Policy versions, newest first' }).waitFor();
    expect(await pageWidth()).toBe(320);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Subject requests' }).click();
    await page.getByLabel('Subject id').waitFor();
    expect(await pageWidth()).toBe(320);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByRole('table', { name: 'Audit entries, newest first' }).waitFor();
    expect(await pageWidth()).toBe(320);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('table', { name: 'Dashboard users' }).waitFor();
    expect(await pageWidth()).toBe(320);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('phone export');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByLabel('New API token').waitFor();
    await page.getByRole('table', { name: /API tokens/ }).waitFor();
    expect(await pageWidth()).toBe(320);
    await context.close();
  });

  it('asks before Back or a reload drops unsaved settings, and keeps them when the user stays', async () => {
    const context = await h().browser.newContext({ baseURL: h().demo.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.goto('/admin/');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: new RegExp(SHOP.id) }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Site name').fill('A name not saved yet');
    await page.goBack();
    await expect.poll(() => asked).toEqual(['confirm']);
    // The dialog is seen before it is dismissed; the address comes back once the dismissal is answered.
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/admin/sites/${SHOP.id}/settings`);
    expect(await page.getByLabel('Site name').inputValue()).toBe('A name not saved yet');
    // A reload gets the browser's own prompt; dismissed, the page and the edit stay.
    await page.reload({ timeout: 2000 }).catch(() => undefined);
    await expect.poll(() => asked).toEqual(['confirm', 'beforeunload']);
    expect(await page.getByLabel('Site name').inputValue()).toBe('A name not saved yet');
    await context.close();
  });
});
