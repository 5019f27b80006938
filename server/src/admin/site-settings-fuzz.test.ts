/**
 * Property test: random and mutated site settings at PUT /v1/admin/sites/{siteId}, the largest body the API takes
 * (categories, services, cookie patterns, texts in six languages, theme).
 * Never a 5xx; a refused save changes nothing stored (not even the policy version), and an accepted one was valid.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteSettingsInput } from '@consentgate/shared';
import { testDbKind } from '../db/test-database.js';
import { getSite } from '../sites/sites.js';
import { asUser, openAdminFixture, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';

let f: AdminFixture;
let admin: SignedIn;
let base: Record<string, unknown>;
let accepted = 0;
let refused = 0;
beforeAll(async () => {
  f = await openAdminFixture();
  admin = await signIn(f.app, f.users.shopAdmin);
  const site = (await (await asUser(f.app, admin, '/v1/admin/sites/shop')).json()) as Record<string, unknown>;
  // A full config, so that mutations reach every part of the schema.
  const config = {
    ...(site.config as Record<string, unknown>),
    theme: { accent: '#1d4ed8', position: 'bottom', scheme: 'auto' },
    consentMode: { enabled: true, waitForUpdate: 500 },
    texts: { de: { bannerTitle: 'Cookies', categories: { analytics: { name: 'Statistik', description: 'Zählt Besuche' } } } },
  };
  base = { name: site.name, allowedOrigins: site.allowedOrigins, retentionDays: site.retentionDays, config };
});
afterAll(async () => {
  await f?.close();
});

const RUNS = Number(process.env.CG_FUZZ_RUNS ?? 3000) / 6;

type Path = Array<string | number>;

/** Every place in `value` a mutation can reach: each object key and array index, at any depth. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))];
  return [at];
}

type Mutation = { kind: 'replace'; path: Path; value: unknown } | { kind: 'delete'; path: Path } | { kind: 'add'; path: Path; key: string; value: unknown };

/** Values chosen to trip a database or a regex rather than a schema: NULs, lone surrogates, huge numbers, deep nesting. */
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', 'a'.repeat(5000), '(a+)+$', '^(', '#000', '#ffffff', 'javascript:alert(1)', 1e308, -0, 2 ** 31, 2 ** 53 + 1),
  fc.constantFrom([], {}, [[[[[[[[[[[]]]]]]]]]]], { necessary: true }),
);

function mutationOn(paths: Path[]): fc.Arbitrary<Mutation> {
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), path, value: nasty }),
    fc.record({ kind: fc.constant('delete' as const), path }),
    fc.record({ kind: fc.constant('add' as const), path, key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('id', 'pattern', '__proto__', 'en')), value: nasty }),
  );
}

function apply(body: unknown, m: Mutation): unknown {
  const copy = structuredClone(body);
  if (m.path.length === 0) return m.kind === 'replace' ? m.value : copy;
  const parent = m.path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const key = m.path.at(-1)!;
  if (m.kind === 'replace') parent[key] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    const target = parent[key];
    if (Array.isArray(target)) target.push(m.value);
    else if (target && typeof target === 'object') Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

async function save(body: string): Promise<void> {
  const before = await getSite(f.database.db, 'shop');
  const res = await f.app.request('/v1/admin/sites/shop', {
    method: 'PUT',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
    body,
  });
  expect(res.status, `status for ${body.slice(0, 300)}`).toBeLessThan(500);
  if (res.status === 200) {
    accepted++;
    expect(SiteSettingsInput.safeParse(JSON.parse(body)).success, body.slice(0, 300)).toBe(true);
    return;
  }
  refused++;
  expect(res.status, body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(await res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(await getSite(f.database.db, 'shop'), `a refused save changed the site: ${body.slice(0, 300)}`).toEqual(before);
}

describe(`PUT /v1/admin/sites/{siteId} with random settings (${testDbKind()})`, () => {
  it('never answers 5xx to mutated settings, and a refused save changes nothing', { timeout: 300_000 }, async () => {
    const paths = pathsOf(base);
    await fc.assert(
      fc.asyncProperty(fc.array(mutationOn(paths), { minLength: 1, maxLength: 3 }), async (mutations) => {
        // A mutation whose path an earlier one removed is skipped: the body is then as the earlier ones left it.
        const body = mutations.reduce<unknown>((current, m) => {
          try {
            return apply(current, m);
          } catch (error) {
            if (error instanceof TypeError) return current;
            throw error;
          }
        }, base);
        await save(JSON.stringify(body));
      }),
      { numRuns: Math.round(RUNS * 0.8) },
    );
  });

  it('never answers 5xx to arbitrary JSON or text', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 300 })), save),
      { numRuns: Math.round(RUNS * 0.2) },
    );
  });

  it('accepted some saves and refused others, so both halves of the property were exercised', () => {
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
