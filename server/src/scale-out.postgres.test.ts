/**
 * Two server instances on one PostgreSQL, as behind a load balancer with no sticky sessions (README "Scaling"):
 * each has its own connection pool and its own in-process caches, and nothing but the database in common.
 * Always real PostgreSQL: PGlite lives inside one process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { AdminSite, CreatedApiToken, PublicSiteConfig, SignedReceipt } from '@consentgate/shared';
import { verifyReceipt } from '@consentgate/shared/verify';
import { createUser } from './admin/users.js';
import { appInternals, createApp } from './app.js';
import { loadServerConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { receipts, signingKeys, subjects } from './db/schema.js';
import { createPostgresDatabase } from './db/test-database.js';
import { createSite, type Site } from './sites/sites.js';
import { asUser, PASSWORD, signIn } from './testing/admin-fixture.js';
import { postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from './testing/app-fixture.js';
import { until } from './testing/until.js';

let fresh: Awaited<ReturnType<typeof createPostgresDatabase>>;
const databases: Database[] = [];
let a: OpenAPIHono;
let b: OpenAPIHono;
let site: Site;
const OWNER = 'owner@example.com';

beforeAll(async () => {
  fresh = await createPostgresDatabase('cg_scale');
  const [first, second] = await Promise.all([openDatabase({ url: fresh.url, max: 3 }), openDatabase({ url: fresh.url, max: 3 })]);
  databases.push(first, second);
  // Both instances migrate at start, at the same time.
  await Promise.all([first.migrate(), second.migrate()]);
  const config = loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_WIDGET_DIR: '/nonexistent-widget-dir' });
  a = createApp({ database: first, config });
  b = createApp({ database: second, config });
  site = await createSite(first.db, { id: 'shop', name: 'Shop', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
  await createUser(first.db, { email: OWNER, password: PASSWORD, role: 'owner' });
});
afterAll(async () => {
  for (const database of databases) await database.close();
  await fresh?.drop();
});

async function jwksOf(app: OpenAPIHono) {
  return (await (await app.request('/.well-known/jwks.json')).json()) as { keys: Array<{ kid: string }> };
}

describe('two instances on one PostgreSQL', () => {
  it('start together on a fresh database and sign with the same key, which both publish', async () => {
    const [signerA, signerB] = await Promise.all([appInternals(a).keys.signer(), appInternals(b).keys.signer()]);
    expect(signerA.kid).toBe(signerB.kid);
    const keyRows = await databases[0]!.db.select({ kid: signingKeys.kid }).from(signingKeys);
    // One key, not one per instance: a second would take over signing minutes later with no rotation asked for.
    expect(keyRows.map((k) => k.kid)).toEqual([signerA.kid]);
    const jwksA = await jwksOf(a);
    const jwksB = await jwksOf(b);
    expect(jwksA.keys.map((k) => k.kid).sort()).toEqual(keyRows.map((k) => k.kid).sort());
    expect(jwksB).toEqual(jwksA);

    // A receipt stored through one instance verifies against the other's JWKS, and the other serves it back unchanged.
    const input = validReceipt(site);
    const created = await postReceipt(a, input);
    expect(created.status).toBe(201);
    const receipt = (await created.json()) as SignedReceipt;
    expect(await verifyReceipt(receipt, await jwksOf(b))).toMatchObject({ valid: true, kid: signerA.kid });
    const history = await b.request(`/v1/subjects/${input.subjectId}/receipts`, {
      headers: { authorization: `Bearer ${input.subjectSecret}` },
    });
    expect(history.status).toBe(200);
    expect(((await history.json()) as { receipts: SignedReceipt[] }).receipts).toEqual([receipt]);
  });

  it('store a receipt sent to both at once exactly once, and answer both requests with that one receipt', async () => {
    const inputs = Array.from({ length: 40 }, () => validReceipt(site));
    const pairs = await Promise.all(inputs.map((input) => Promise.all([postReceipt(a, input), postReceipt(b, input)])));
    for (const [fromA, fromB] of pairs) {
      expect([fromA.status, fromB.status].sort()).toEqual([200, 201]);
      expect(await fromA.json()).toEqual(await fromB.json());
    }
    const stored = await databases[1]!.db.select({ id: receipts.receiptId }).from(receipts).where(eq(receipts.siteId, site.id));
    for (const input of inputs) expect(stored.filter((row) => row.id === input.receiptId)).toHaveLength(1);
  });

  it('let exactly one of two secrets register a new subject when its first receipts reach both at once', async () => {
    for (let round = 0; round < 10; round++) {
      const first = validReceipt(site);
      const rival = validReceipt(site, { subjectId: first.subjectId });
      const [fromA, fromB] = await Promise.all([postReceipt(a, first), postReceipt(b, rival)]);
      expect([fromA.status, fromB.status].sort()).toEqual([201, 403]);
      const winner = fromA.status === 201 ? first : rival;
      const loser = winner === first ? rival : first;
      const rows = await databases[0]!.db
        .select({ id: receipts.receiptId })
        .from(receipts)
        .where(and(eq(receipts.siteId, site.id), eq(receipts.subjectId, first.subjectId)));
      expect(rows.map((r) => r.id)).toEqual([winner.receiptId]);
      // Whichever instance is asked, only the winning secret opens the history.
      for (const app of [a, b]) {
        const path = `/v1/subjects/${first.subjectId}/receipts`;
        expect((await app.request(path, { headers: { authorization: `Bearer ${winner.subjectSecret}` } })).status).toBe(200);
        expect((await app.request(path, { headers: { authorization: `Bearer ${loser.subjectSecret}` } })).status).toBe(403);
      }
    }
  });

  it('erase a subject through one instance so that the other finds nothing', async () => {
    const input = validReceipt(site);
    expect((await postReceipt(a, input)).status).toBe(201);
    const auth = { authorization: `Bearer ${input.subjectSecret}` };
    const erased = await b.request(`/v1/subjects/${input.subjectId}`, { method: 'DELETE', headers: auth });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ deleted: 1 });
    expect((await a.request(`/v1/subjects/${input.subjectId}/receipts`, { headers: auth })).status).toBe(404);
    const left = await databases[0]!.db.select().from(subjects).where(eq(subjects.id, input.subjectId));
    expect(left).toEqual([]);
  });

  it('share dashboard sessions: signed in on one, signed out on the other, refused on both', async () => {
    const session = await signIn(a, OWNER);
    expect((await asUser(b, session, '/v1/admin/session')).status).toBe(200);
    expect((await asUser(b, session, '/v1/admin/session', { method: 'DELETE' })).status).toBe(204);
    expect((await asUser(a, session, '/v1/admin/session')).status).toBe(401);
    expect((await asUser(b, session, '/v1/admin/session')).status).toBe(401);
  });

  it('share API tokens: made on one, revoked on the other, refused on both at once', async () => {
    const owner = await signIn(a, OWNER);
    const made = await asUser(a, owner, '/v1/admin/tokens', { method: 'POST', body: { name: 'nightly export' } });
    expect(made.status).toBe(201);
    const { token, info } = (await made.json()) as CreatedApiToken;
    const withToken = (app: OpenAPIHono) => app.request('/v1/admin/sites/shop/receipts', { headers: { authorization: `Bearer ${token}` } });
    expect((await withToken(b)).status).toBe(200);
    expect((await asUser(b, owner, `/v1/admin/tokens/${info.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await withToken(a)).status).toBe(401);
    expect((await withToken(b)).status).toBe(401);
  });

  it('take one of two saves of the same loaded settings sent to both at once, and refuse the other (412)', async () => {
    const owner = await signIn(a, OWNER);
    const loaded = await asUser(a, owner, '/v1/admin/sites/shop');
    const current = (await loaded.json()) as AdminSite;
    const headers = { 'if-match': loaded.headers.get('etag')! };
    const save = (app: OpenAPIHono, name: string) =>
      asUser(app, owner, '/v1/admin/sites/shop', {
        method: 'PUT',
        headers,
        body: { name, allowedOrigins: current.allowedOrigins, config: current.config, retentionDays: current.retentionDays },
      });
    const [fromA, fromB] = await Promise.all([save(a, 'Saved through A'), save(b, 'Saved through B')]);
    expect([fromA.status, fromB.status].sort()).toEqual([200, 412]);
    const winner = fromA.status === 200 ? 'Saved through A' : 'Saved through B';
    expect(((await (await asUser(b, owner, '/v1/admin/sites/shop')).json()) as AdminSite).name).toBe(winner);
  });

  it('apply a site change saved on one instance on the other within seconds: new policy version, removed origin refused', async () => {
    const owner = await signIn(a, OWNER);
    const configOf = async (app: OpenAPIHono) => (await (await app.request('/v1/sites/shop/config?lang=en')).json()) as PublicSiteConfig;
    const before = await configOf(b); // now cached by b
    expect((await postReceipt(b, validReceipt(site))).status).toBe(201);

    const current = (await (await asUser(a, owner, '/v1/admin/sites/shop')).json()) as AdminSite;
    const saved = await asUser(a, owner, '/v1/admin/sites/shop', {
      method: 'PUT',
      body: {
        name: current.name,
        allowedOrigins: ['https://new-shop.example'],
        config: { ...current.config, categories: [...current.config.categories, { id: 'preferences' }] },
        retentionDays: current.retentionDays,
      },
    });
    expect(saved.status).toBe(200);
    const after = (await saved.json()) as AdminSite;
    expect(after.policyVersion).toBe(before.policyVersion + 1);

    const changedAt = Date.now();
    await until(async () => (await configOf(b)).policyVersion === after.policyVersion, 10_000);
    await until(async () => (await postReceipt(b, validReceipt(site))).status === 403, 10_000);
    expect(Date.now() - changedAt).toBeLessThan(10_000);
    const rejectAll = { necessary: true, analytics: false, marketing: false, preferences: false };
    const fromNewOrigin = await postReceipt(
      b,
      validReceipt(after, { method: 'reject-all', categories: rejectAll, pageUrl: 'https://new-shop.example/' }),
      { headers: { origin: 'https://new-shop.example' } },
    );
    expect(fromNewOrigin.status, await fromNewOrigin.clone().text()).toBe(201);
  });
});
