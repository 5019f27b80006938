/**
 * The statistics charts in real Chromium: what uPlot draws on its canvases, read back pixel by pixel. Sparse data on
 * a long range (a few receipts among hundreds of empty hours) must still show up, not only in the tables.
 */
import { createUser } from '@consentgate/server';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM } from './support/chromium.js';
import { button, widgetReady } from './support/consent-page.js';
import { useDemoHarness } from './support/demo-harness.js';
import { SHOP } from './support/demo-sites.js';

const EMAIL = 'chart-owner@example.com';
const PASSWORD = 'a long enough test password';

/** Pixels of the chart's canvas that are coloured (not grey, not transparent): the series, not the axes or grid. */
function colouredPixels(page: Page, chart: string): Promise<number> {
  return page
    .getByRole('figure', { name: chart })
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
      }
      return coloured;
    });
}

/**
 * The best contrast (WCAG ratio) any pixel of the chart's y-axis labels has against the page background: the axis
 * text drawn at its full colour. The canvas is transparent around the text, so each pixel is laid over the page.
 */
function axisLabelContrast(page: Page, chart: string): Promise<number> {
  return page
    .getByRole('figure', { name: chart })
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const [bgR, bgG, bgB] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number) as [number, number, number];
      const channel = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const luminance = (r: number, g: number, b: number) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      const bg = luminance(bgR, bgG, bgB);
      // The y axis is the left 56 CSS pixels, above the x axis (50 CSS pixels high).
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, Math.floor(50 * scale), canvas.height - Math.ceil(50 * scale));
      let best = 1;
      for (let i = 0; i < data.length; i += 4) {
        const a = data[i + 3]! / 255;
        const [r, g, b] = [data[i]! * a + bgR * (1 - a), data[i + 1]! * a + bgG * (1 - a), data[i + 2]! * a + bgB * (1 - a)];
        const l = luminance(r, g, b);
        best = Math.max(best, (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05));
      }
      return best;
    });
}

describe.skipIf(!HAS_CHROMIUM)('statistics charts in Chromium', () => {
  const h = useDemoHarness(async (harness) => {
    await createUser(harness.demo.database.db, { email: EMAIL, password: PASSWORD, role: 'owner' });
    // Two visitors in this very hour: one bucket with receipts, every other hour of the range empty.
    for (const choice of ['Accept all', 'Reject all'] as const) {
      const context = await harness.newContext();
      const page = await context.newPage();
      await page.goto(SHOP.path);
      await widgetReady(page);
      await button(page, choice).click();
      await harness.waitForReceipt(SHOP.id, (r) => r.method === (choice === 'Accept all' ? 'accept-all' : 'reject-all'));
      await context.close();
    }
  });

  async function signedIn(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
    const context = await h().browser.newContext({
      baseURL: h().demo.url,
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      deviceScaleFactor: 2,
      colorScheme: options.colorScheme ?? 'light',
    });
    const page = await context.newPage();
    await page.goto('/admin/');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: new RegExp(SHOP.id) }).click();
    await page.getByRole('table', { name: 'Choices in this range' }).waitFor();
    return page;
  }

  it('draws a lone hour among 96 empty ones (by hour over four days), as the tables count it', async () => {
    const page = await signedIn();
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From (UTC)').fill(from);
    await page.getByLabel('To (UTC)').fill(today);
    await page.getByLabel('Interval').selectOption('hour');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Numbers per hour').waitFor();
    const choices = page.getByRole('table', { name: 'Choices in this range' });
    expect(await choices.getByRole('row', { name: /^All receipts/ }).locator('td').first().textContent()).toBe('2');
    await expect.poll(() => page.locator('figure .uplot canvas').count()).toBe(2);
    // Accept all and Reject all at 50 % each, analytics and marketing at 50 %: one point per series.
    expect(await colouredPixels(page, 'Choices (share of receipts)')).toBeGreaterThan(40);
    expect(await colouredPixels(page, 'Opt-in rate per category')).toBeGreaterThan(40);
    // The legend names what a bucket is, as the table does: an hour here, the week it starts further down.
    const legend = page.locator('figure .u-legend').first();
    expect(await legend.textContent()).toContain('Hour (UTC)');
    await page.getByLabel('Interval').selectOption('week');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Numbers per week').waitFor();
    await expect.poll(() => legend.textContent()).toContain('Week starting (UTC)');
    await page.getByText('Numbers per week').click();
    expect(await page.getByRole('columnheader', { name: 'Week starting (UTC)' }).count()).toBe(1);
    await page.context().close();
  });

  it('draws the axis labels in the page text colour, light and dark, and again when the scheme changes', async () => {
    const page = await signedIn({ colorScheme: 'light' });
    await expect.poll(() => page.locator('figure .uplot canvas').count()).toBe(2);
    expect(await axisLabelContrast(page, 'Choices (share of receipts)')).toBeGreaterThanOrEqual(4.5);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
    await expect.poll(() => axisLabelContrast(page, 'Choices (share of receipts)')).toBeGreaterThanOrEqual(4.5);
    expect(await axisLabelContrast(page, 'Opt-in rate per category')).toBeGreaterThanOrEqual(4.5);
    await page.context().close();

    const dark = await signedIn({ colorScheme: 'dark' });
    await expect.poll(() => dark.locator('figure .uplot canvas').count()).toBe(2);
    expect(await axisLabelContrast(dark, 'Choices (share of receipts)')).toBeGreaterThanOrEqual(4.5);
    await dark.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => axisLabelContrast(dark, 'Choices (share of receipts)')).toBeGreaterThanOrEqual(4.5);
    await dark.context().close();
  });
});
