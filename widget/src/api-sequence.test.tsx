/**
 * Property test: random sequences of the JS API's choices (acceptAll, rejectAll, save with any decisions, withdraw),
 * with page views in between. The server stores a receipt for every call (so widget and server agree on every
 * method's rules), the last one is what getConsent() and hasConsent() report, a save that takes back anything
 * allowed before is recorded as a withdrawal, and the next page view keeps the choice without asking again.
 */
import fc from 'fast-check';
import { waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ConsentChoice } from './types.js';
import { newVisitor, visit } from './test-support/page-view.js';
import { SHOP_CONFIG, useTestSite } from './test-support/site-server.js';

const t = useTestSite();
const RUNS = Number(process.env.CG_WIDGET_FUZZ_RUNS ?? 25);

const CATEGORIES = SHOP_CONFIG.categories.map((c) => c.id);
const SERVICES = (SHOP_CONFIG.services ?? []).map((s) => s.id);

const decisions = (ids: string[]) => fc.dictionary(fc.constantFrom(...ids), fc.boolean(), { maxKeys: ids.length });
const step = fc.oneof(
  fc.record({ call: fc.constantFrom('acceptAll' as const, 'rejectAll' as const, 'withdraw' as const) }),
  fc.record({ call: fc.constant('save' as const), categories: decisions(CATEGORIES), services: decisions(SERVICES) }),
  fc.record({ call: fc.constant('next page' as const) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const METHOD = { acceptAll: 'accept-all', rejectAll: 'reject-all', withdraw: 'withdraw' } as const;

/** Whether `after` refuses a category or service that `before` allowed. */
function takesBack(before: ConsentChoice | null, after: ConsentChoice): boolean {
  if (!before) return false;
  const refusedNow = (was: Record<string, boolean>, now: Record<string, boolean>) => Object.keys(was).some((id) => was[id] && !now[id]);
  return refusedNow(before.categories, after.categories) || refusedNow(before.services, after.services);
}

describe('the JS API, call after call', () => {
  it('records every choice, reports the last one, and keeps it across page views', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps: Step[]) => {
        newVisitor();
        const site = await t.server.newSite();
        const open = () => visit({ api: t.server.url, siteId: site.id, body: '' });
        let view = open();
        let calls = 0;
        for (const s of steps) {
          const before = view.api.getConsent();
          if (s.call === 'next page') {
            view = open();
            // A choice made stands on the next page at once; without one, the banner asks.
            if (before) expect(view.api.getConsent()).toMatchObject({ categories: before.categories, services: before.services, receiptId: before.receiptId });
            else await waitFor(() => expect(view.dialogRoot()?.querySelector('dialog[open]')).toBeTruthy());
            continue;
          }
          if (s.call === 'save') await view.api.save({ categories: s.categories, services: s.services });
          else await view.api[s.call]();
          calls++;
          const after = view.api.getConsent()!;
          const expected = s.call === 'save' ? (takesBack(before, after) ? 'withdraw' : 'custom') : METHOD[s.call];
          expect(after.method, JSON.stringify({ before, after })).toBe(expected);
          for (const id of CATEGORIES) expect(view.api.hasConsent(id), id).toBe(after.categories[id]);
          if (s.call === 'acceptAll') expect(Object.values(after.categories).every(Boolean)).toBe(true);
          if (s.call !== 'acceptAll' && s.call !== 'save') expect(CATEGORIES.filter((id) => after.categories[id])).toEqual(['necessary']);
        }
        await waitFor(async () => expect(await t.server.receipts(site.id)).toHaveLength(calls), { timeout: 5_000 });
        const last = view.api.getConsent();
        if (calls > 0) {
          const stored = await t.server.receipts(site.id);
          expect(stored.at(-1)).toMatchObject({ receiptId: last!.receiptId, method: last!.method, categories: last!.categories, services: last!.services });
        }
      }),
      { numRuns: RUNS },
    );
  });
});
