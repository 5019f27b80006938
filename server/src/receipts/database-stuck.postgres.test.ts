/**
 * A database that stops answering without closing its connections (a network partition): receipts get 503 within
 * the ingest timeout instead of hanging, /readyz fails, and once the database answers again the queued receipt is
 * stored and the browser's retry gets it back (200). Always real PostgreSQL, behind a pausable TCP proxy.
 * The same deadline holds for the lookups before the write (site, allowed origins, policy version), for the
 * public config, for a visitor's history and for the dashboard's reads: a database that answers but waits on locked
 * tables gives 503 in time too. A receipt that reaches the database minutes after its request is not stored at all.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { createUser } from '../admin/users.js';
import { createApp } from '../app.js';
import { loadServerConfig } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { receipts, subjects } from '../db/schema.js';
import { MAX_STORE_DELAY_MS } from './batch-writer.js';
import { createPostgresDatabase } from '../db/test-database.js';
import { createSite, type Site } from '../sites/sites.js';
import { asUser, PASSWORD, signIn } from '../testing/admin-fixture.js';
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

describe('a receipt that reaches the database long after its request arrived (PostgreSQL)', () => {
  // The server's clock is set back by more than the limit: to the database, the receipt arrives as one that waited
  // out a stuck database or a partition in the queue. (PGlite shares the process clock, so only PostgreSQL can.)
  it('is not stored (503), as the statistics, rolled up behind the clock, would never count it; its resend is', async () => {
    const app = createApp({ database: direct, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0' }) });
    const count = async (table: typeof receipts | typeof subjects) => (await direct.db.select().from(table)).length;
    const late = validReceipt(site);
    const onTime = validReceipt(site);
    const [receiptsBefore, subjectsBefore] = [await count(receipts), await count(subjects)];
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - MAX_STORE_DELAY_MS - 10_000 });
    let refused: Response;
    try {
      refused = await postReceipt(app, late);
      vi.setSystemTime(Date.now() + 20_000); // behind by less than the limit: stored as ever
      expect((await postReceipt(app, onTime)).status).toBe(201);
    } finally {
      vi.useRealTimers();
    }
    expect(warned.mock.calls.join(' ')).toContain("this server's clock is behind the database's");
    warned.mockRestore();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect([await count(receipts), await count(subjects)]).toEqual([receiptsBefore + 1, subjectsBefore + 1]);
    expect((await postReceipt(app, late)).status).toBe(201); // the browser sends it again from its outbox
  });
});

describe('a database whose site tables are locked (PostgreSQL)', () => {
  /** Runs `check` while another transaction holds `tables` in ACCESS EXCLUSIVE mode, on an app with cold caches. */
  async function whileLocked(tables: string, check: (app: ReturnType<typeof createApp>) => Promise<void>): Promise<void> {
    const database = await openDatabase({ url: fresh.url, max: 4 });
    const holder = postgres(fresh.url, { max: 1, onnotice: () => {} });
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = holder.begin(async (tx) => {
      await tx.unsafe(`lock table ${tables} in access exclusive mode`);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    try {
      await isLocked;
      await check(createApp({ database, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_INGEST_TIMEOUT_MS: '1500' }) }));
    } finally {
      release?.();
      await held;
      await holder.end();
      await database.close();
    }
  }

  async function expectUnavailableInTime(request: () => Promise<Response>): Promise<void> {
    const started = Date.now();
    const res = await request();
    expect(res.status, await res.clone().text()).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(res.headers.get('retry-after')).toBeTruthy();
  }

  it('answers receipts and the public config 503 within the ingest timeout while sites are locked', async () => {
    await whileLocked('sites, site_policy_versions', async (app) => {
      await expectUnavailableInTime(() => postReceipt(app, validReceipt(site)));
      await expectUnavailableInTime(() => postReceipt(app, validReceipt(site), { headers: { origin: undefined } }));
      await expectUnavailableInTime(async () => app.request('/v1/sites/shop/config'));
    });
  });

  it("answers a visitor's history 503 within the ingest timeout while receipts and subjects are locked", async () => {
    const receipt = validReceipt(site);
    const warm = createApp({ database: direct, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0' }) });
    expect((await postReceipt(warm, receipt)).status).toBe(201);
    await whileLocked('receipts, subjects', async (app) => {
      const auth = { authorization: `Bearer ${receipt.subjectSecret}`, origin: SITE_ORIGIN };
      await expectUnavailableInTime(async () => app.request(`/v1/subjects/${receipt.subjectId}/receipts?siteId=shop`, { headers: auth }));
    });
  });

  it("answers the dashboard's reads 503 within the ingest timeout while their tables are locked", async () => {
    const warm = createApp({ database: direct, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0' }) });
    await createUser(direct.db, { email: 'staff@example.com', password: PASSWORD, role: 'owner' });
    const staff = await signIn(warm, 'staff@example.com');
    await whileLocked('receipts', async (app) => {
      await expectUnavailableInTime(async () => asUser(app, staff, '/v1/admin/sites/shop/receipts'));
      await expectUnavailableInTime(async () => asUser(app, staff, '/v1/admin/sites/shop/stats'));
    });
    // Signing the request in is a read too: a stuck sessions table does not hold the dashboard open.
    await whileLocked('sessions', async (app) => {
      await expectUnavailableInTime(async () => asUser(app, staff, '/v1/admin/sites'));
    });
  });

  it('answers receipts 503 within the ingest timeout while policy versions are locked', async () => {
    await whileLocked('site_policy_versions', async (app) => {
      await expectUnavailableInTime(() => postReceipt(app, validReceipt(site)));
    });
  });
});
