/**
 * `pnpm --filter @consentgate/tests screenshot:dashboard`: the README picture of the dashboard's consent statistics
 * (docs/screenshot-dashboard.png). Needs the dashboard built (`pnpm build`) and the local PostgreSQL; seeds 60 days
 * of receipts for the demo shop in a throw-away database, rolls them up, signs in and takes the picture.
 */
import { fileURLToPath } from 'node:url';
import { startDemo } from '@consentgate/demo';
import { getSite, rollupStats } from '@consentgate/server';
import { seedReceipts } from '../bench/stats-seed.js';
import { launchChromium } from './support/chromium.js';
import { createFreshDatabase } from './support/fresh-postgres.js';

const OUTPUT = fileURLToPath(new URL('../../docs/screenshot-dashboard.png', import.meta.url));
const EMAIL = 'dpo@shop.example';
const PASSWORD = 'screenshot password 2026';

const db = await createFreshDatabase('cg_screenshot');
const demo = await startDemo({
  port: 0,
  databaseUrl: db.url,
  env: { ...process.env, CG_ADMIN_EMAIL: EMAIL, CG_ADMIN_PASSWORD: PASSWORD, CG_STATS_ROLLUP_MS: '0' },
});
const browser = await launchChromium();
try {
  const shop = (await getSite(demo.database.db, 'demo-shop'))!;
  await seedReceipts(db.sql, { receipts: 40_000, days: 60, sites: [{ id: shop.id, configHash: shop.configHash, weight: 1 }] });
  await rollupStats(demo.database.db);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', colorScheme: 'light' });
  await page.goto(`${demo.url}/admin/`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: /demo-shop/ }).click();
  await page.getByRole('table', { name: 'Choices in this range' }).waitFor();
  await page.locator('figure .uplot canvas').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: OUTPUT, fullPage: true });
  console.log(`wrote ${OUTPUT}`);
} finally {
  await browser.close();
  await demo.close();
  await db.drop();
}
