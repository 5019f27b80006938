/**
 * A database that stops answering without closing its connections (a network partition): receipts get 503 within
 * the ingest timeout instead of hanging, /readyz fails, and once the database answers again the queued receipt is
 * stored and the browser's retry gets it back (200). Always real PostgreSQL, behind a pausable TCP proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../app.js';
import { loadServerConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { receipts } from '../db/schema.js';
import { createPostgresDatabase } from '../db/test-database.js';
import { createSite, type Site } from '../sites/sites.js';
import { postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from '../testing/app-fixture.js';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy.js';

let fresh: Awaited<ReturnType<typeof createPostgresDatabase>>;
let direct: Database;
let proxied: Database;
let proxy: TcpProxy;
let site: Site;

beforeAll(async () => {
  fresh = await createPostgresDatabase('cg_stuck');
  const url = new URL(fresh.url);
  direct = await openDatabase({ url: fresh.url, max: 2 });
  await direct.migrate();
  site = await createSite(direct.db, { id: 'shop', name: 'Shop', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
  proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  proxied = await openDatabase({ url: url.toString(), max: 4 });
});
afterAll(async () => {
  proxy?.resume();
  await proxied?.close();
  await proxy?.close();
  await direct?.close();
  await fresh?.drop();
});

describe('a database that stops answering (PostgreSQL behind a paused proxy)', () => {
  it('answers 503 within the ingest timeout, and stores the receipt once the database answers again', async () => {
    const app = createApp({ database: proxied, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_INGEST_TIMEOUT_MS: '1500' }) });
    expect((await postReceipt(app, validReceipt(site))).status).toBe(201); // warm: site and policy are cached

    proxy.pause();
    const receipt = validReceipt(site);
    const started = Date.now();
    const stuck = await postReceipt(app, receipt);
    expect(stuck.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await stuck.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(stuck.headers.get('retry-after')).toBeTruthy();
    expect((await app.request('/readyz')).status).toBe(503);

    proxy.resume();
    const retried = await postReceipt(app, receipt);
    expect([200, 201]).toContain(retried.status);
    const rows = await direct.db.select().from(receipts).where(eq(receipts.receiptId, receipt.receiptId));
    expect(rows).toHaveLength(1);
  });
});
