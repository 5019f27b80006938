/**
 * One running demo (real server on port 0, fresh PostgreSQL database) plus one Chromium, for a test file.
 * Receipts are read straight from the database and verified against the server's published JWKS.
 */
import { startDemo, type RunningDemo } from '@consentgate/demo';
import { toSignedReceipt } from '@consentgate/server';
import type { SignedReceipt } from '@consentgate/shared/schemas';
import { verifyReceipt } from '@consentgate/shared/verify';

type JSONWebKeySet = Parameters<typeof verifyReceipt>[1];
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';
import { createFreshDatabase, type FreshDatabase } from './fresh-postgres.js';

export interface DemoHarness {
  demo: RunningDemo;
  db: FreshDatabase;
  browser: Browser;
  /** A new browser profile (no cookies, empty cache), optionally with GPC or other Chromium switches. */
  newContext(): Promise<BrowserContext>;
  receipts(siteId: string): Promise<SignedReceipt[]>;
  /** Polls the database until a receipt matching `match` is stored (receipts are written in micro-batches). */
  waitForReceipt(siteId: string, match: (r: SignedReceipt) => boolean, timeoutMs?: number): Promise<SignedReceipt>;
  /** Checks the receipt's JWS against GET /.well-known/jwks.json and that the stored fields are the signed ones. */
  expectValidSignature(receipt: SignedReceipt): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoHarness(browserArgs: readonly string[] = []): Promise<DemoHarness> {
  const db = await createFreshDatabase();
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;
  try {
    demo = await startDemo({ port: 0, host: '127.0.0.1', databaseUrl: db.url, env: { ...process.env, CG_RATE_LIMIT_RECEIPTS: '0' } });
    const widget = await fetch(`${demo.url}/consent.js`);
    if (!widget.ok) throw new Error(`GET /consent.js answered ${widget.status}: build the widget first (pnpm build)`);
    browser = await launchChromium(browserArgs);
  } catch (err) {
    await browser?.close();
    await demo?.close();
    await db.drop();
    throw err;
  }
  const running = demo;
  const chromium = browser;

  const receipts = async (siteId: string): Promise<SignedReceipt[]> => {
    const rows = await db.sql<Array<Parameters<typeof toSignedReceipt>[0]>>`
      select claims, signature, proof from receipts where site_id = ${siteId} order by created_at, receipt_id`;
    return rows.map(toSignedReceipt);
  };

  return {
    demo: running,
    db,
    browser: chromium,
    newContext: () => chromium.newContext({ baseURL: running.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB' }),
    receipts,
    async waitForReceipt(siteId, match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await receipts(siteId)).find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = (await receipts(siteId)).map((r) => `${r.method}:${r.receiptId}`).join(', ') || 'none';
          throw new Error(`no matching receipt for ${siteId} within ${timeoutMs} ms (stored: ${seen})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async expectValidSignature(receipt) {
      const jwks = (await (await fetch(`${running.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      const result = await verifyReceipt(receipt, jwks);
      if (!result.valid) throw new Error(`receipt ${receipt.receiptId} does not verify: ${result.reason}`);
    },
    async close() {
      await chromium.close();
      await running.close();
      await db.drop();
    },
  };
}

/**
 * One harness for the enclosing describe block: started before its tests (then `setup`), closed after them.
 * Returns a getter, as the harness exists only once beforeAll has run.
 */
export function useDemoHarness(setup?: (harness: DemoHarness) => Promise<unknown>): () => DemoHarness {
  let harness: DemoHarness | undefined;
  beforeAll(async () => {
    harness = await startDemoHarness();
    await setup?.(harness);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the demo harness did not start (see the beforeAll error)');
    return harness;
  };
}
