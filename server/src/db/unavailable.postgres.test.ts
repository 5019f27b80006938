/**
 * A database that is up but cannot take work: one refusing new connections (ALLOW_CONNECTIONS false, SQLSTATE 55000)
 * and one that turned read-only (a failed-over standby, default_transaction_read_only: 25006). Either way every route
 * that needs it answers 503 with Retry-After (never 500) and /readyz fails; once the database takes work again, so
 * does the app. Always real PostgreSQL: a database of its own on TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../app.js';
import { createUser } from '../admin/users.js';
import { loadServerConfig } from '../config.js';
import { createSite, type Site } from '../sites/sites.js';
import { asUser, PASSWORD, signIn, type SignedIn } from '../testing/admin-fixture.js';
import { newSubject, postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from '../testing/app-fixture.js';
import { openDatabase, type Database } from './client.js';
import { createPostgresDatabase, TEST_DATABASE_URL } from './test-database.js';
import { until } from '../testing/until.js';

let fresh: Awaited<ReturnType<typeof createPostgresDatabase>>;
let name: string;
let admin: postgres.Sql;
let database: Database;
let site: Site;
let app: OpenAPIHono;
let owner: SignedIn;
let subject: ReturnType<typeof newSubject>;

/** Ends every connection to the test database, so the app's pool has to open new ones under the new settings. */
async function dropConnections(): Promise<void> {
  await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
  const end = Date.now() + 5_000;
  while (Date.now() < end) {
    const [row] = await admin<Array<{ n: number }>>`select count(*)::int as n from pg_stat_activity where datname = ${name}`;
    if (row?.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 200)); // the driver sees its sockets closed
}

beforeAll(async () => {
  fresh = await createPostgresDatabase('cg_refusing');
  name = new URL(fresh.url).pathname.slice(1);
  admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  database = await openDatabase({ url: fresh.url, max: 4 });
  await database.migrate();
  site = await createSite(database.db, { id: 'shop', name: 'Shop', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
  await createUser(database.db, { email: 'owner@example.com', password: PASSWORD, role: 'owner' });
  app = createApp({ database, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_WIDGET_DIR: '/nonexistent-widget-dir' }) });
  owner = await signIn(app, 'owner@example.com');
  subject = newSubject();
  expect((await postReceipt(app, validReceipt(site, subject))).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await admin?.unsafe(`alter database "${name}" allow_connections true`).catch(() => undefined);
  await admin?.unsafe(`alter database "${name}" reset default_transaction_read_only`).catch(() => undefined);
  await database?.close().catch(() => undefined);
  await admin?.end();
  await fresh?.drop();
});

const subjectRequest = (method: string, query = `?siteId=${site.id}`) =>
  app.request(`/v1/subjects/${subject.subjectId}${method === 'GET' ? '/receipts' : ''}${query}`, {
    method,
    headers: { authorization: `Bearer ${subject.subjectSecret}`, origin: SITE_ORIGIN },
  });

async function expectUnavailable(what: string, res: Response): Promise<void> {
  expect(res.status, `${what}: ${await res.clone().text()}`).toBe(503);
  expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  expect(res.headers.get('retry-after'), what).toBeTruthy();
}

describe('a database that cannot take work (real PostgreSQL)', () => {
  it('answers 503 while the database refuses connections, and recovers when it accepts them again', async () => {
    await admin.unsafe(`alter database "${name}" allow_connections false`);
    await dropConnections();

    await expectUnavailable('receipt', await postReceipt(app, validReceipt(site)));
    await expectUnavailable('config', await app.request('/v1/sites/other/config'));
    await expectUnavailable('admin', await asUser(app, owner, '/v1/admin/sites'));
    await expectUnavailable('subject', await subjectRequest('GET'));
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/not currently accepting connections/);

    await admin.unsafe(`alter database "${name}" allow_connections true`);
    await until(async () => (await app.request('/readyz')).status === 200, 10_000);
    expect((await postReceipt(app, validReceipt(site))).status).toBe(201);
  });

  it('answers 503 for every write while the database is read-only, and /readyz fails', async () => {
    await admin.unsafe(`alter database "${name}" set default_transaction_read_only = on`);
    await dropConnections();

    await expectUnavailable('receipt', await postReceipt(app, validReceipt(site)));
    const login = await app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: PASSWORD }),
    });
    await expectUnavailable('login', login);
    const user = { email: 'new@example.com', password: PASSWORD, role: 'owner' };
    await expectUnavailable('admin', await asUser(app, owner, '/v1/admin/users', { method: 'POST', body: user }));
    await expectUnavailable('subject erase', await subjectRequest('DELETE'));
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database is read-only' });

    await admin.unsafe(`alter database "${name}" reset default_transaction_read_only`);
    await dropConnections();
    await until(async () => (await app.request('/readyz')).status === 200, 10_000);
    expect((await postReceipt(app, validReceipt(site))).status).toBe(201);
  });
});
