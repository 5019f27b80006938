/**
 * `pnpm bench:widget`: what a consent widget costs a page, in real Chromium, for ConsentGate and, on the same page and
 * with the same three categories, vanilla-cookieconsent and Klaro (their npm builds, served from one static origin).
 * For each, BENCH_RUNS page views (default 15) with the CPU slowed BENCH_CPU_SLOWDOWN times (default 4, a mid-range
 * phone), each in a fresh browser profile:
 *   - first visit: time from navigation start to the banner on screen, and the main thread's script time until then;
 *   - returning visit (after "accept all", same profile): time until the allowed analytics script ran, and script time;
 *   - the gzip -9 bytes of the widget's own files each visit fetched or ran (JS and CSS, the page itself not counted).
 * Prints medians (and the 90th percentile of the times). Needs the widget build (`pnpm build`) and Debian's Chromium.
 * BENCH_ONLY=<name> measures one widget; BENCH_TRACE=1 prints each page view's resource timings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { createApp, createSite, loadServerConfig, openDatabase, startServer } from '@consentgate/server';
import { launchChromium } from '../e2e/support/chromium.js';
import { percentile } from './percentile.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
/** BENCH_ONLY=consentgate (or vanilla, klaro): just that widget. */
const ONLY = process.env.BENCH_ONLY?.toLowerCase();
const require = createRequire(import.meta.url);
const file = (name: string) => readFileSync(require.resolve(name));

// The same page for every widget: a heading, a paragraph, one analytics script held back until consent.
const page = (head: string, tracker: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head>
<body><h1>Kitchenware</h1><p>Cast iron, enamel and good bread tins.</p>${tracker}<a href="#" data-consentgate-open>Cookie settings</a></body></html>`;

const TRACKER = 'window.__trackerAt = performance.now();';

// hideFromBots off: it takes the browser driven by this script (navigator.webdriver) for a crawler and shows nothing.
const VCC_INIT = `CookieConsent.run({
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
  language: { default: 'en', translations: { en: {
    consentModal: { title: 'We use cookies', description: 'Necessary cookies run the shop; with your permission we also count visits.', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Manage preferences' },
    preferencesModal: { title: 'Cookie preferences', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', savePreferencesBtn: 'Save preferences', closeIconLabel: 'Close',
      sections: [
        { title: 'Necessary', description: 'Needed for the shop to work.', linkedCategory: 'necessary' },
        { title: 'Analytics', description: 'Helps us understand how the site is used.', linkedCategory: 'analytics' },
        { title: 'Marketing', description: 'Shows relevant offers.', linkedCategory: 'marketing' } ] } } } },
});`;

const KLARO_CONFIG = `window.klaroConfig = {
  version: 1, elementID: 'klaro', storageMethod: 'cookie', cookieName: 'klaro', default: false, mustConsent: false, acceptAll: true,
  privacyPolicy: '/privacy',
  translations: { en: { consentModal: { description: 'Necessary cookies run the shop; with your permission we also count visits.' },
    purposes: { analytics: 'Analytics', marketing: 'Marketing' } } },
  services: [{ name: 'stats', title: 'Visit statistics', purposes: ['analytics'] }],
};`;

interface Widget {
  name: string;
  path: string;
  /** True once the first-layer banner is in the page. */
  bannerShown: string;
  /** Accepts every category through the widget's own API. */
  acceptAll: string;
}

async function main(): Promise<void> {
  // ConsentGate: the real server (embedded PostgreSQL in a temporary folder) with a site for the static origin.
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-widget-'));
  const database = await openDatabase({ dataDir });
  await database.migrate();
  const config = loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_STATS_ROLLUP_MS: '0', CG_PURGE_INTERVAL_MS: '0' });
  const consentServer = await startServer({ app: createApp({ database, config }), port: 0, host: '127.0.0.1' });

  const files: Record<string, { body: Buffer | string; type: string }> = {
    '/tracker.js': { body: TRACKER, type: 'text/javascript' },
    '/vcc/cookieconsent.umd.js': { body: file('vanilla-cookieconsent/dist/cookieconsent.umd.js'), type: 'text/javascript' },
    '/vcc/cookieconsent.css': { body: file('vanilla-cookieconsent/dist/cookieconsent.css'), type: 'text/css' },
    '/vcc/init.js': { body: VCC_INIT, type: 'text/javascript' },
    '/klaro/config.js': { body: KLARO_CONFIG, type: 'text/javascript' },
    '/klaro/klaro.js': { body: file('klaro/dist/klaro.js'), type: 'text/javascript' },
  };
  const statics = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const found = path.endsWith('.html') ? { body: pages[path], type: 'text/html' } : files[path];
    if (!found?.body) return void res.writeHead(404).end();
    // Compressed as a CDN would send it (what is counted below is gzip -9 of the same bytes).
    res.writeHead(200, { 'content-type': found.type, 'content-encoding': 'gzip', 'cache-control': 'max-age=3600' });
    res.end(gzipSync(found.body));
  });
  await new Promise<void>((resolve) => statics.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
  await createSite(database.db, {
    id: 'bench',
    name: 'Bench shop',
    allowedOrigins: [origin],
    config: {
      categories: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
      services: [{ id: 'stats', name: 'Visit statistics', category: 'analytics' }],
      texts: { en: { bannerTitle: 'We use cookies', bannerDescription: 'Necessary cookies run the shop; with your permission we also count visits.' } },
    },
  });
  const pages: Record<string, string> = {
    '/consentgate.html': page(
      `<script src="${consentServer.url}/consent.js" data-site="bench" defer></script>`,
      '<script type="text/plain" data-consent="analytics" data-service="stats" src="/tracker.js"></script>',
    ),
    '/vcc.html': page(
      '<link rel="stylesheet" href="/vcc/cookieconsent.css"><script src="/vcc/cookieconsent.umd.js" defer></script><script src="/vcc/init.js" defer></script>',
      '<script type="text/plain" data-category="analytics" src="/tracker.js"></script>',
    ),
    '/klaro.html': page(
      '<script src="/klaro/config.js" defer></script><script src="/klaro/klaro.js" defer></script>',
      '<script type="text/plain" data-type="text/javascript" data-name="stats" data-src="/tracker.js"></script>',
    ),
  };

  const widgets: Widget[] = [
    {
      name: 'ConsentGate',
      path: '/consentgate.html',
      bannerShown: `document.querySelector('[data-consentgate]')?.shadowRoot?.querySelector('dialog[open]')`,
      acceptAll: 'ConsentGate.acceptAll()',
    },
    {
      name: 'vanilla-cookieconsent 3.1.0',
      path: '/vcc.html',
      bannerShown: `document.documentElement.classList.contains('show--consent') && document.querySelector('#cc-main .cm')`,
      acceptAll: `CookieConsent.acceptCategory('all')`,
    },
    {
      name: 'Klaro 0.7.22',
      path: '/klaro.html',
      bannerShown: `document.querySelector('.klaro .cookie-notice')`,
      acceptAll: 'klaro.getManager().changeAll(true); klaro.getManager().saveAndApplyConsents()',
    },
  ];

  const browser = await launchChromium();

  /** One page view: ms to `ready` (a condition polled every frame in the page) and script seconds until then. */
  async function view(context: BrowserContext, url: string, ready: string) {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    await cdp.send('Performance.enable');
    // Polled every frame from the first moment of the page: the time it first holds is what is measured.
    await tab.addInitScript({
      content: `(() => {
        const met = () => { try { return !!(${ready}); } catch { return false; } };
        const tick = () => (met() ? (window.__readyAt = performance.now()) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      })();`,
    });
    await tab.goto(url);
    await tab.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined, null, { timeout: 30_000 });
    const { metrics } = await cdp.send('Performance.getMetrics');
    const script = metrics.find((m) => m.name == 'ScriptDuration')!.value * 1000;
    const readyAt = await tab.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
    // Every JS and CSS file the page used, but for the page itself and the stand-in tracker.
    const resources = await tab.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\.(js|css)(\?|$)/.test(u) && !u.endsWith('/tracker.js')),
    );
    if (process.env.BENCH_TRACE) {
      const entries = await tab.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => `${e.name.replace(/^https?:\/\/[^/]+/, '')} ${e.startTime.toFixed(0)}–${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`),
      );
      console.log(`  ${url.replace(/^https?:\/\/[^/]+/, '')}: ready ${readyAt.toFixed(0)} ms; ${entries.join(', ')}`);
    }
    return { tab, readyAt, script, resources };
  }

  const gzipBytes = async (urls: string[]) => {
    let total = 0;
    for (const url of new Set(urls)) total += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
    return total;
  };
  const ms = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${percentile(sorted, 50).toFixed(0).padStart(5)} ms (p90 ${percentile(sorted, 90).toFixed(0)})`;
  };

  console.log(`Chromium, CPU slowed ${SLOWDOWN}×, ${RUNS} page views each, medians; bytes: gzip -9 of the widget's own JS and CSS`);
  const measured = widgets
    .filter((w) => !ONLY || w.name.toLowerCase().startsWith(ONLY))
    .map((widget) => ({ widget, first: { at: [] as number[], script: [] as number[], bytes: 0 }, returning: { at: [] as number[], script: [] as number[], bytes: 0 } }));
  try {
    // Round by round, each widget once per round: a shared machine's slow minute then costs them all alike.
    for (let run = 0; run < RUNS; run++) {
      for (const { widget, first, returning } of measured) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
        try {
          const visit = await view(context, origin + widget.path, widget.bannerShown);
          first.at.push(visit.readyAt);
          first.script.push(visit.script);
          if (run == 0) first.bytes = await gzipBytes(visit.resources);
          await visit.tab.evaluate(widget.acceptAll);
          await visit.tab.waitForFunction(() => (window as unknown as { __trackerAt?: number }).__trackerAt !== undefined, null, { timeout: 10_000 });
          await visit.tab.close();
          const again = await view(context, origin + widget.path, `window.__trackerAt !== undefined`);
          const bannerAgain = await again.tab.evaluate(`!!(${widget.bannerShown})`);
          if (bannerAgain) throw new Error(`${widget.name}: the banner showed again on the returning visit`);
          returning.at.push(await again.tab.evaluate(() => (window as unknown as { __trackerAt: number }).__trackerAt));
          returning.script.push(again.script);
          if (run == 0) returning.bytes = await gzipBytes(again.resources);
        } finally {
          await context.close();
        }
      }
    }
    for (const { widget, first, returning } of measured) {
      console.log(`\n${widget.name}`);
      console.log(`  first visit:     banner on screen ${ms(first.at)}   script ${ms(first.script)}   ${first.bytes} B`);
      console.log(`  returning visit: analytics ran    ${ms(returning.at)}   script ${ms(returning.script)}   ${returning.bytes} B`);
    }
  } finally {
    await browser.close();
    statics.close();
    await consentServer.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
