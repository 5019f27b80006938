import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GOOGLE_CONSENT_TYPES, type ReceiptInput } from '@consentgate/shared';
import { buildClaims, claimsPayload } from './claims.js';

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,12}$/);
const record = fc.dictionary(fc.oneof(slug, fc.constantFrom('0', '7', '10', '01', '4294967295')), fc.boolean(), { maxKeys: 8 });
const text = fc.string({ unit: 'binary', maxLength: 40 });

const input: fc.Arbitrary<ReceiptInput> = fc.record({
  schemaVersion: fc.constant(1 as const),
  receiptId: fc.uuid().map((u) => u.toUpperCase()),
  siteId: slug,
  subjectId: fc.uuid(),
  subjectSecret: fc.constant('s'.repeat(43)),
  policyVersion: fc.integer({ min: 1, max: 2 ** 31 }),
  configHash: text,
  method: fc.constantFrom('accept-all', 'reject-all', 'custom', 'gpc', 'withdraw'),
  collection: fc.constantFrom('banner', 'preferences', 'api'),
  categories: record,
  services: record,
  gpc: fc.boolean(),
  locale: text,
  pageUrl: fc.webUrl({ withQueryParameters: true, withFragments: true }),
  clientTime: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  consentMode: fc.option(
    fc.dictionary(fc.constantFrom(...GOOGLE_CONSENT_TYPES), fc.constantFrom('granted' as const, 'denied' as const)),
    { nil: undefined },
  ),
}) as fc.Arbitrary<ReceiptInput>;

describe('claims payload', () => {
  it('is exactly the RFC 8785 canonical JSON of the claims', () => {
    fc.assert(
      fc.property(
        input,
        fc.option(fc.record({ contact: text, name: text }), { nil: null }),
        fc.option(text, { nil: null }),
        fc.option(text, { nil: null }),
        fc.option(fc.constantFrom('EU', 'UK', 'US-CA'), { nil: null }),
        fc.option(fc.webUrl(), { nil: null }),
        (body, controller, userAgent, ipNetwork, jurisdiction, withdrawalUrl) => {
          const claims = buildClaims(body, { controller, policyUrl: null, consentMaxAgeDays: 30, jurisdiction, withdrawalUrl }, {
            userAgent,
            ipNetwork,
            now: new Date(),
          });
          expect(claimsPayload(claims)).toBe(canonicalJson(claims));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
