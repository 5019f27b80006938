/**
 * Tenancy: every route under /v1/admin/ — read from the app's own route table, so a new route cannot be left out —
 * is called by users of site "shop" against site "b2b". Each must refuse (403/404), and nothing of b2b may change.
 * Only routes about the caller themselves (session, own tokens, own site list) may answer, and then without any
 * trace of b2b.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiTokens, receipts, sites, subjects, users, userSites } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { postReceipt, SHOP_CONFIG, validReceipt } from '../testing/app-fixture.js';
import { asUser, openAdminFixture, signIn, type AdminFixture } from '../testing/admin-fixture.js';

let f: AdminFixture;
let b2bSubject: string;
let b2bAdminId: string;
let b2bTokenId: string;
beforeAll(async () => {
  f = await openAdminFixture();
  const receipt = validReceipt(f.other, { pageUrl: 'https://b2b.example/offer' });
  expect((await postReceipt(f.app, receipt, { headers: { origin: 'https://b2b.example' } })).status).toBe(201);
  b2bSubject = receipt.subjectId;
  const b2bAdmin = await signIn(f.app, f.users.b2bAdmin);
  b2bAdminId = b2bAdmin.userId;
  const token = await asUser(f.app, b2bAdmin, '/v1/admin/tokens', { method: 'POST', body: { name: 'b2b automation' } });
  b2bTokenId = ((await token.json()) as { info: { id: string } }).info.id;
});
afterAll(async () => {
  await f?.close();
});

/** Routes about the caller themselves: allowed for everybody signed in, but must not show b2b. */
const ABOUT_THE_CALLER = new Set([
  'POST /v1/admin/session',
  'GET /v1/admin/session',
  'DELETE /v1/admin/session',
  'GET /v1/admin/sites',
  'GET /v1/admin/tokens',
  'POST /v1/admin/tokens',
]);

/** Valid bodies, so a refusal cannot be a validation error in disguise. */
const BODIES: Record<string, unknown> = {
  'PUT /v1/admin/sites/:siteId': { name: 'Taken over', allowedOrigins: ['https://evil.example'], config: SHOP_CONFIG, retentionDays: 1 },
  'POST /v1/admin/sites': { id: 'evil', name: 'Evil', allowedOrigins: [], config: SHOP_CONFIG },
  'POST /v1/admin/users': { email: 'evil@example.com', password: 'long enough password', role: 'owner' },
  'PATCH /v1/admin/users/:id': { role: 'viewer', sites: ['shop'] },
};

function adminRoutes(): Array<{ method: string; path: string }> {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of f.app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/v1/admin/')) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

function concrete(path: string): string {
  return path
    .replace(':siteId', 'b2b')
    .replace(':subjectId', b2bSubject)
    .replace(':id', path.startsWith('/v1/admin/tokens') ? b2bTokenId : b2bAdminId);
}

async function snapshot() {
  const db = f.database.db;
  return JSON.stringify({
    site: await db.select().from(sites).where(eq(sites.id, 'b2b')),
    siteIds: (await db.select({ id: sites.id }).from(sites)).map((s) => s.id).sort(),
    receipts: await db.select({ id: receipts.receiptId }).from(receipts).where(eq(receipts.siteId, 'b2b')),
    subjects: await db.select({ id: subjects.id }).from(subjects).where(eq(subjects.siteId, 'b2b')),
    users: await db.select({ id: users.id, role: users.role, hash: users.passwordHash, off: users.disabledAt }).from(users).orderBy(users.id),
    userSites: await db.select().from(userSites).orderBy(userSites.userId, userSites.siteId),
    tokens: await db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).orderBy(apiTokens.id),
  });
}

describe(`tenancy walk over every admin route (${testDbKind()})`, () => {
  it('finds the admin routes in the route table and documents each in the OpenAPI document', async () => {
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(17);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('GET /v1/admin/sites/:siteId/stats');
    const doc = (await (await f.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const r of routes) {
      const documented = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(documented, `${r.method} ${r.path} is not in /openapi.json`).toBeDefined();
    }
  });

  for (const who of ['shopAdmin', 'shopViewer'] as const) {
    it(`refuses a ${who} of site "shop" everything about site "b2b" and changes nothing`, async () => {
      const before = await snapshot();
      const refusals: string[] = [];
      for (const route of adminRoutes()) {
        const key = `${route.method} ${route.path}`;
        // A fresh session per call: the walk includes sign-out.
        const me = await signIn(f.app, f.users[who]);
        const path = `${concrete(route.path)}?siteId=b2b&subjectId=${b2bSubject}`;
        const res = await asUser(f.app, me, path, { method: route.method, body: BODIES[key] ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {}) });
        const text = await res.text();
        expect(res.status, `${key} answered ${res.status}: ${text}`).toBeLessThan(500);
        expect(res.status, `${key} did not recognise the signed-in caller`).not.toBe(401);
        if (ABOUT_THE_CALLER.has(key)) {
          // As a word: a random UUID in the answer may contain the letters "b2b".
          expect(text, `${key} shows site b2b`).not.toMatch(/\bb2b\b/i);
          expect(text).not.toContain(b2bTokenId);
        } else {
          expect([403, 404], `${key} answered ${res.status}: ${text}`).toContain(res.status);
          refusals.push(key);
        }
      }
      expect(refusals.length).toBeGreaterThanOrEqual(11);
      expect(await snapshot()).toBe(before);
    });
  }

  it('lets the b2b admin do the same calls on their own site (the walk refuses for the right reason)', async () => {
    const me = await signIn(f.app, f.users.b2bAdmin);
    for (const path of ['/v1/admin/sites/b2b', '/v1/admin/sites/b2b/receipts', `/v1/admin/sites/b2b/subjects/${b2bSubject}/receipts`, '/v1/admin/sites/b2b/stats']) {
      expect((await asUser(f.app, me, path)).status, path).toBe(200);
    }
  });
});
