/**
 * `pnpm --filter @consentgate/tests screenshot`: the README picture of the banner on the demo shop
 * (docs/screenshot-banner.png). Needs the widget built (`pnpm build`); uses a throw-away embedded database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '@consentgate/demo';
import { launchChromium } from './support/chromium.js';

const OUTPUT = fileURLToPath(new URL('../../docs/screenshot-banner.png', import.meta.url));

const dataDir = await mkdtemp(join(tmpdir(), 'cg-screenshot-'));
const demo = await startDemo({ port: 0, dataDir });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', colorScheme: 'light' });
  await page.goto(`${demo.url}/demo/shop/`);
  await page.getByRole('dialog', { name: 'Cookie consent' }).waitFor({ state: 'visible', timeout: 15_000 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.waitForTimeout(500); // let an entrance transition finish
  await page.screenshot({ path: OUTPUT });
  console.log(`wrote ${OUTPUT}`);
} finally {
  await browser.close();
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
}
