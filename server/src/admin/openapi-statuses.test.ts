/**
 * Every route with path parameters, asked by an owner with a malformed value in one of them (the others valid),
 * answers a status its OpenAPI operation documents: a client generated from /openapi.json must know every answer it can get.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../db/test-database.js';
import { asUser, openAdminFixture, signIn, type AdminFixture } from '../testing/admin-fixture.js';

let f: AdminFixture;
beforeAll(async () => {
  f = await openAdminFixture();
});
afterAll(async () => {
  await f?.close();
});

const VALID: Record<string, string> = { ':siteId': 'shop', ':version': '1' };

describe(`documented statuses (${testDbKind()})`, () => {
  it('documents the answer to a malformed path parameter on every route', async () => {
    const doc = (await (await f.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const routes = new Map<string, { method: string; path: string }>();
    for (const r of f.app.routes) {
      if (r.method !== 'ALL' && r.path.includes('/:')) routes.set(`${r.method} ${r.path}`, r);
    }
    const undocumented: string[] = [];
    for (const { method, path } of routes.values()) {
      const operation = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      if (!operation) continue; // tenancy.test.ts checks that every admin route is in the document
      for (const bad of path.match(/:\w+/g) ?? []) {
        const concrete = path.replace(/:\w+/g, (param) => (param === bad ? 'not-valid' : (VALID[param] ?? randomUUID())));
        const me = await signIn(f.app, f.users.owner);
        const res = await asUser(f.app, me, concrete, { method });
        if (!(String(res.status) in operation.responses)) undocumented.push(`${method} ${concrete} answered ${res.status}`);
      }
    }
    expect(routes.size).toBeGreaterThanOrEqual(10);
    expect(undocumented).toEqual([]);
  });
});
