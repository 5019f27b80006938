/**
 * Property test: thousands of random and mutated bodies at POST /v1/receipts.
 * Never a 5xx; a receipt row exists only for requests answered 201, and every one of those had a valid body that
 * agrees with the shop's policy version.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_METHODS, ReceiptInput } from '@consentgate/shared';
import { testDbKind } from '../db/test-database.js';
import { openAppFixture, postReceipt, SHOP_CONFIG, validReceipt, type AppFixture } from '../testing/app-fixture.js';

let f: AppFixture;
let created = 0;
let rowsAtStart = 0;
beforeAll(async () => {
  f = await openAppFixture();
  rowsAtStart = await f.receiptCount();
});
afterAll(async () => {
  await f?.close();
});

const RUNS = Number(process.env.CG_FUZZ_RUNS ?? 3000);
const keys = Object.keys(validReceipt({ id: 'shop', policyVersion: 1, configHash: 'h' })) as Array<keyof ReceiptInput>;

type Mutation =
  | { kind: 'replace'; key: string; value: unknown }
  | { kind: 'delete'; key: string }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'decide'; record: 'categories' | 'services'; id: string; value: boolean | undefined };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), key: fc.constantFrom(...keys), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom(...keys) }),
  fc.record({ kind: fc.constant('add' as const), key: fc.string({ maxLength: 12 }), value: fc.jsonValue() }),
  // Well-formed receipts that may contradict the policy: other decisions, methods, versions, languages.
  fc.record({
    kind: fc.constant('decide' as const),
    record: fc.constantFrom('categories' as const, 'services' as const),
    id: fc.constantFrom('necessary', 'analytics', 'marketing', 'etracker', 'bogus'),
    value: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('replace' as const), key: fc.constant('method'), value: fc.constantFrom(...CONSENT_METHODS) }),
  fc.record({ kind: fc.constant('replace' as const), key: fc.constant('policyVersion'), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('replace' as const), key: fc.constant('locale'), value: fc.constantFrom('en', 'nl', 'de-DE', 'tlh') }),
);

/** The shop's policy, restated here from its config: what a stored receipt must agree with. */
function agreesWithShopPolicy(input: ReceiptInput): boolean {
  const categories = SHOP_CONFIG.categories;
  const decided = Object.keys(input.categories).sort();
  if (input.policyVersion !== f.site.policyVersion || input.configHash !== f.site.configHash) return false;
  if (decided.join() !== categories.map((c) => c.id).sort().join()) return false;
  if (categories.some((c) => c.required && input.categories[c.id] !== true)) return false;
  for (const [id, allowed] of Object.entries(input.services)) {
    const service = SHOP_CONFIG.services?.find((s) => s.id === id);
    // A service of a refused category may be allowed by itself only in a custom choice or a withdrawal.
    const byItself = input.method === 'custom' || input.method === 'withdraw';
    if (!service || (allowed && !input.categories[service.category] && !byItself)) return false;
  }
  const optional = categories.filter((c) => !c.required);
  if (input.method === 'accept-all') return categories.every((c) => input.categories[c.id]);
  if (input.method === 'reject-all') return optional.every((c) => !input.categories[c.id]);
  if (input.method === 'gpc') return categories.every((c) => !c.optOutOnGpc || !input.categories[c.id]);
  return true;
}

async function send(body: string, contentType: string): Promise<void> {
  const res = await postReceipt(f.app, null, { raw: body, headers: { 'content-type': contentType } });
  expect(res.status, `status for ${body.slice(0, 200)}`).toBeLessThan(500);
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status === 201) {
    created++;
    const parsed = ReceiptInput.safeParse(JSON.parse(body));
    expect(parsed.success).toBe(true);
    expect(agreesWithShopPolicy(parsed.data!), body).toBe(true);
  } else if (res.status >= 400) {
    expect(json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
}

describe(`POST /v1/receipts with random bodies (${testDbKind()})`, () => {
  it('never answers 5xx to arbitrary JSON or text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 300 })),
        fc.constantFrom('application/json', 'text/plain', 'text/plain;charset=UTF-8', 'application/xml', ''),
        send,
      ),
      { numRuns: Math.round(RUNS * 0.4) },
    );
  });

  it('never answers 5xx to mutated valid receipts, and stores only the valid ones', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 0, maxLength: 3 }), fc.boolean(), async (mutations, asText) => {
        const body: Record<string, unknown> = { ...validReceipt(f.site) };
        for (const m of mutations) {
          if (m.kind === 'delete') delete body[m.key];
          else if (m.kind === 'decide') {
            const record = { ...(body[m.record] as Record<string, boolean>) };
            if (m.value === undefined) delete record[m.id];
            else record[m.id] = m.value;
            body[m.record] = record;
          } else body[m.key] = m.value;
        }
        await send(JSON.stringify(body), asText ? 'text/plain' : 'application/json');
      }),
      { numRuns: Math.round(RUNS * 0.6) },
    );
  });

  it('wrote exactly one row per 201 answer', async () => {
    expect(created).toBeGreaterThan(0);
    expect(await f.receiptCount()).toBe(rowsAtStart + created);
  });
});
