/**
 * A real outage: the server runs on its own throwaway PostgreSQL cluster, which is stopped mid-test and started
 * again. While it is down, receipts get 503 (never 201, never 500) and /readyz fails; afterwards the same app
 * recovers on its own, and every receipt acknowledged before the outage is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../app.js';
import { loadServerConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { receipts } from '../db/schema.js';
import { createSite, type Site } from '../sites/sites.js';
import { postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from '../testing/app-fixture.js';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../testing/throwaway-postgres.js';
import { until } from '../testing/until.js';

let cluster: ThrowawayPostgres;
let database: Database;
let site: Site;
beforeAll(async () => {
  cluster = await createThrowawayPostgres();
  database = await openDatabase({ url: cluster.url, max: 4 });
  await database.migrate();
  site = await createSite(database.db, { id: 'shop', name: 'Shop', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
}, 120_000);
afterAll(async () => {
  await database?.close().catch(() => undefined);
  await cluster?.destroy();
});

describe('database outage (own PostgreSQL cluster)', () => {
  it('answers 503 while the database is down and recovers by itself', async () => {
    const app = createApp({ database, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', DATABASE_URL: cluster.url }) });
    const before = validReceipt(site);
    expect((await postReceipt(app, before)).status).toBe(201);
    expect((await app.request('/readyz')).status).toBe(200);

    await cluster.stop();

    const during = validReceipt(site);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postReceipt(app, during);
      statuses.push(res.status);
      expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
      expect(res.headers.get('retry-after')).toBeTruthy();
    }
    expect(statuses).toEqual([503, 503, 503, 503, 503]);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as { status: string; reason: string };
    expect(readiness.status).toBe('unavailable');
    // The operator reads why (the driver's own words), not the health check's SQL.
    expect(readiness.reason).toMatch(/^database unreachable: /);
    expect(readiness.reason).not.toMatch(/select|drizzle|params/i);
    // Other routes that need the database say the same, and each at once, also after many failed reconnects (the
    // driver's default backoff would hold a request up to 20 s before trying).
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      expect((await app.request('/v1/sites/nope/config')).status).toBe(503);
      expect(performance.now() - started, `request ${i + 1}`).toBeLessThan(3_000);
    }

    await cluster.start();

    await until(async () => (await app.request('/readyz')).status === 200, 20_000, 250);
    // The widget retries the same receipt: now it is stored exactly once.
    const retried = await postReceipt(app, during);
    expect(retried.status).toBe(201);
    const stored = await database.db.select().from(receipts).where(eq(receipts.siteId, 'shop'));
    expect(stored.map((r) => r.receiptId).sort()).toEqual([before.receiptId, during.receiptId].sort());
  });
});
