/**
 * Property test over the whole HTTP API as the OpenAPI document lists it: every operation, signed in as an owner,
 * with path parameters that exist or are nonsense, declared and undeclared query parameters with odd values, the
 * headers routes read (languages, tags, tokens, origins, encodings) set to odd values, and bodies that are valid,
 * mutated or garbage. Whatever arrives, the answer is never a 5xx, and every refusal carries
 * the `{ error: { code, message } }` body.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../db/test-database.js';
import { validReceipt } from '../testing/app-fixture.js';
import { openAdminFixture, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';

let f: AdminFixture;
let owner: SignedIn;
let operations: Operation[];
const statuses = new Map<number, number>();

interface Operation {
  method: string;
  path: string;
  query: string[];
  hasBody: boolean;
}

/** Path parameters a request may name: ones that exist, and ones that cannot. */
const known: Record<string, string[]> = { siteId: ['shop', 'b2b'], subjectId: [], id: [], version: ['1', '2'] };

beforeAll(async () => {
  // Sign-ins with random passwords must not lock the owner out; receipts are not what this test counts.
  f = await openAdminFixture({ CG_LOGIN_MAX_FAILURES: '1000000' });
  owner = await signIn(f.app, f.users.owner);
  const viewer = await signIn(f.app, f.users.shopViewer);
  known.id = [viewer.userId, (await signIn(f.app, f.users.b2bAdmin)).userId];
  const receipt = validReceipt(f.site);
  const stored = await f.app.request('/v1/receipts', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
    body: JSON.stringify(receipt),
  });
  expect(stored.status).toBe(201);
  known.subjectId = [receipt.subjectId, crypto.randomUUID()];
  const doc = (await (await f.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      // Signing out would leave the rest of the run unauthenticated, and this app has no widget build to serve (503);
      // neither takes input to get wrong.
      .filter(([method]) => !(path === '/v1/admin/session' && method === 'delete') && path !== '/consent.js')
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined,
      })),
  );
});
afterAll(async () => {
  await f?.close();
});

const RUNS = Number(process.env.CG_FUZZ_RUNS ?? 3000) / 2;

const oddText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '0', '-1', '1e2', '0x10', '99999999999999999999', 'NaN', 'null', '%00', '..', '../..', 'a'.repeat(3000)),
  fc.constantFrom('2026-01-01', '2026-02-30', '0000-01-01', '9999-12-31T23:59:59Z', '2026-01-01T00:00:00', 'csv', 'json', 'hour', 'day', 'week'),
  fc.uuid(),
);

/** A URL component: valid characters percent-encoded, sometimes a raw percent sign or a broken escape left as is. */
const component = (value: string) => (value.startsWith('%') ? value : encodeURIComponent(value));

/** Bodies close to what each kind of operation takes, so that validation runs past its first check. */
const nearlyValid: Record<string, unknown[]> = {
  '/v1/admin/session': [{ email: 'owner@example.com', password: 'wrong password' }],
  '/v1/admin/tokens': [{ name: 'ci' }],
  '/v1/admin/users': [{ email: 'new@example.com', password: 'a long enough password', role: 'viewer', sites: ['shop'] }],
  '/v1/admin/users/{id}': [{ role: 'viewer', sites: ['shop'] }, { disabled: false }],
  '/v1/admin/sites': [{ id: 'fresh', name: 'Fresh', allowedOrigins: ['https://fresh.example'] }],
  '/v1/receipts': [validReceipt({ id: 'shop', policyVersion: 1, configHash: 'x' })],
};

/** `body` with one of its fields (picked by `key`; `key` itself in an empty body) dropped or set to `value`. */
function mutate(body: unknown, key: string, value: unknown, drop: boolean): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...body };
  const keys = Object.keys(copy);
  const target = keys.includes(key) || keys.length === 0 ? key : keys[key.length % keys.length]!;
  if (drop) delete copy[target];
  else copy[target] = value;
  return copy;
}

const request = fc.record({
  operation: fc.nat(),
  pathValues: fc.array(fc.oneof(fc.nat({ max: 3 }), oddText), { minLength: 3, maxLength: 3 }),
  query: fc.array(fc.tuple(fc.oneof(fc.nat({ max: 8 }), fc.string({ maxLength: 8 })), oddText), { maxLength: 4 }),
  body: fc.oneof(
    fc.record({ kind: fc.constant('near' as const), pick: fc.nat(), key: fc.string({ maxLength: 10 }), value: fc.jsonValue(), drop: fc.boolean() }),
    fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant('text' as const), value: fc.string({ maxLength: 200 }) }),
  ),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', ''),
  head: fc.boolean(),
  /** Headers the routes read, with odd values (printable ASCII: what a request can carry). */
  extra: fc.dictionary(
    fc.constantFrom('accept-language', 'if-none-match', 'if-match', 'authorization', 'origin', 'sec-gpc', 'accept', 'x-forwarded-for', 'content-encoding'),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('*', 'de-DE,de;q=0.9,en;q=0.8', 'en;q=2', 'xx;q=0.5, *;q=0', 'W/"x"', '"a", W/"b"', 'Bearer cgt_nope', 'Bearer ', '1', 'gzip', 'identity'),
    ),
    { maxKeys: 3 },
  ),
});

describe(`the HTTP API with random requests (${testDbKind()})`, () => {
  it('never answers 5xx, and answers every refusal with an error body', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const op = operations[r.operation % operations.length]!;
        let slot = 0;
        const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const value = r.pathValues[slot++]!;
          const choices = known[name] ?? [];
          return typeof value === 'number' ? (choices[value % Math.max(choices.length, 1)] ?? String(value)) : component(value);
        });
        const query = r.query
          .map(([key, value]) => `${component(typeof key === 'number' ? (op.query[key % Math.max(op.query.length, 1)] ?? 'x') : key)}=${component(value)}`)
          .join('&');
        const method = op.method === 'GET' && r.head ? 'HEAD' : op.method;
        const headers: Record<string, string> = { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, origin: 'https://shop.example', ...r.extra };
        let body: string | undefined;
        if (op.hasBody) {
          const near = nearlyValid[op.path] ?? [{}];
          body =
            r.body.kind === 'near'
              ? JSON.stringify(mutate(near[r.body.pick % near.length], r.body.key, r.body.value, r.body.drop))
              : r.body.kind === 'json'
                ? JSON.stringify(r.body.value)
                : r.body.value;
          if (r.contentType) headers['content-type'] = r.contentType;
        }
        const url = `${path}${query ? `?${query}` : ''}`;
        const res = await f.app.request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        expect(res.status, `${method} ${url} ${body?.slice(0, 200) ?? ''} → ${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400 && method !== 'HEAD') {
          expect(JSON.parse(text), `${method} ${url}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        }
        // A password change ends the sessions; a 401 for an odd Authorization header leaves the session as it was.
        if (res.status === 401 && (await f.app.request('/v1/admin/session', { headers: { cookie: owner.cookie } })).status === 401) {
          owner = await signIn(f.app, f.users.owner);
        }
      }),
      { numRuns: Math.round(RUNS) },
    );
  });

  it('reached success and refusal alike', () => {
    const answered = [...statuses.keys()];
    expect(answered.some((s) => s < 300), JSON.stringify([...statuses])).toBe(true);
    expect(answered.filter((s) => s >= 400).length, JSON.stringify([...statuses])).toBeGreaterThanOrEqual(3);
  });
});
