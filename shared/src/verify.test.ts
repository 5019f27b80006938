import { base64url, CompactSign, exportJWK, generateKeyPair } from 'jose';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonical.js';
import type { ReceiptClaims, SignedReceipt } from './schemas.js';
import { NODE_PREFIX, receiptLeafHash, RECEIPT_TREE } from './receipt-tree.js';
import { verifyReceipt } from './verify.js';

const claims: ReceiptClaims = {
  schemaVersion: 1,
  receiptId: '0b6f5a1e-5a55-4c1b-9a43-2a4c3f0e8f61',
  siteId: 'shop',
  subjectId: '8d1c2d55-0a7e-4b7b-8f0e-5d0b8f3f6a10',
  policyVersion: 3,
  configHash: 'abc',
  method: 'custom',
  collection: 'preferences',
  categories: { necessary: true, analytics: true, marketing: false },
  services: { etracker: true },
  gpc: false,
  locale: 'de',
  pageUrl: 'https://shop.example/checkout',
  userAgent: 'TestBrowser/1.0',
  ipNetwork: '203.0.113.0/24',
  clientTime: '2026-11-22T21:14:03.120+01:00',
  serverTime: '2026-11-22T20:14:03.450Z',
  validUntil: '2027-05-23T20:14:03.450Z',
  controller: { name: 'Shop GmbH', contact: 'privacy@shop.example' },
  policyUrl: 'https://shop.example/privacy',
  consentMode: { analytics_storage: 'granted' },
};

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('Ed25519');
  return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] } };
}

const jws = (payload: string, kid: string, key: CryptoKey) =>
  new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'EdDSA', kid }).sign(key);

/** A receipt signed on its own: the JWS payload is the receipt's canonical JSON. */
async function signed(kid: string) {
  const { privateKey, jwks } = await keyPair(kid);
  return { receipt: { ...claims, signature: await jws(canonicalJson(claims), kid, privateKey) } as SignedReceipt, jwks };
}

/** Two receipts signed as one batch: a tree of two leaves, each receipt's proof is the other's leaf hash. */
async function signedTogether(kid: string) {
  const { privateKey, jwks } = await keyPair(kid);
  const second: ReceiptClaims = { ...claims, receiptId: '1c0a5a1e-5a55-4c1b-9a43-2a4c3f0e8f62', method: 'accept-all' };
  const [a, b] = await Promise.all([receiptLeafHash(canonicalJson(claims)), receiptLeafHash(canonicalJson(second))]);
  const root = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([NODE_PREFIX, ...a, ...b])));
  const head = { root: base64url.encode(root), signedAt: claims.serverTime, size: 2, tree: RECEIPT_TREE };
  const signature = await jws(canonicalJson(head), kid, privateKey);
  return {
    first: { ...claims, signature, proof: { index: 0, path: [base64url.encode(b)] } } as SignedReceipt,
    second: { ...second, signature, proof: { index: 1, path: [base64url.encode(a)] } } as SignedReceipt,
    jwks,
  };
}

describe('canonical JSON', () => {
  it('does not depend on key order and hashes to a stable base64url digest', async () => {
    expect(canonicalJson({ b: 1, a: [true, { d: 'x', c: null }] })).toBe('{"a":[true,{"c":null,"d":"x"}],"b":1}');
    expect(await canonicalHash({ b: 1, a: 2 })).toBe(await canonicalHash({ a: 2, b: 1 }));
    expect(await canonicalHash({ a: 1 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('verifyReceipt, for receipts signed on their own', () => {
  it('accepts a receipt whose fields are exactly the signed payload, whatever their order', async () => {
    const { receipt, jwks } = await signed('k1');
    const reordered = Object.fromEntries(Object.entries(receipt).reverse()) as unknown as SignedReceipt;
    const result = await verifyReceipt(reordered, jwks);
    expect(result).toMatchObject({ valid: true, kid: 'k1', claims: { receiptId: claims.receiptId } });
  });

  it('rejects a changed field, a missing key and a foreign key', async () => {
    const { receipt, jwks } = await signed('k1');
    expect(await verifyReceipt({ ...receipt, method: 'accept-all' }, jwks)).toMatchObject({ valid: false });
    expect(await verifyReceipt({ ...receipt, serverTime: '2026-11-23T00:00:00.000Z' }, jwks)).toMatchObject({ valid: false });
    expect(await verifyReceipt(receipt, { keys: [] })).toMatchObject({ valid: false });
    const other = await signed('k1');
    expect(await verifyReceipt(receipt, other.jwks)).toMatchObject({ valid: false });
  });
});

describe('verifyReceipt, for receipts signed in a batch', () => {
  it('accepts each receipt of the batch with its own proof', async () => {
    const { first, second, jwks } = await signedTogether('k2');
    expect(await verifyReceipt(first, jwks)).toMatchObject({ valid: true, kid: 'k2', claims: { receiptId: claims.receiptId } });
    expect(await verifyReceipt(second, jwks)).toMatchObject({ valid: true, claims: { method: 'accept-all' } });
  });

  it('rejects a changed field, a proof of another receipt, a missing proof and a foreign key', async () => {
    const { first, second, jwks } = await signedTogether('k2');
    expect(await verifyReceipt({ ...first, method: 'reject-all' }, jwks)).toMatchObject({ valid: false });
    expect(await verifyReceipt({ ...first, proof: second.proof }, jwks)).toMatchObject({ valid: false });
    expect(await verifyReceipt({ ...first, proof: { index: 5, path: [] } }, jwks)).toMatchObject({ valid: false });
    const { proof: _proof, ...withoutProof } = first;
    expect(await verifyReceipt(withoutProof, jwks)).toMatchObject({ valid: false });
    const other = await signedTogether('k2');
    expect(await verifyReceipt(first, other.jwks)).toMatchObject({ valid: false });
  });

  it('rejects the signed batch head passed off as a receipt (its fields and signature, no proof)', async () => {
    const { first, jwks } = await signedTogether('k2');
    const [, payload = ''] = first.signature.split('.');
    const head = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    const impostor = { ...head, signature: first.signature } as unknown as SignedReceipt;
    expect(await verifyReceipt(impostor, jwks)).toMatchObject({ valid: false });
  });
});

describe('verifyReceipt against any tampering (property)', () => {
  const fields = [...Object.keys(claims), 'proof'];
  const tampering = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), field: fc.constantFrom(...fields), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant('delete' as const), field: fc.constantFrom(...fields) }),
    fc.record({ kind: fc.constant('add' as const), field: fc.string({ minLength: 1, maxLength: 12 }), value: fc.jsonValue() }),
    fc.record({
      kind: fc.constant('text' as const),
      field: fc.constantFrom('configHash', 'pageUrl', 'locale'),
      // Lone surrogates too: text no signer could have signed, which a JSON file can still hold.
      value: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\ud800', 'a\udc00b', '\udbff\udbff')),
    }),
  );

  it('answers every changed, removed or added field with valid: false, never with a throw', async () => {
    const { first, jwks } = await signedTogether('k3');
    const original = canonicalJson(first);
    await fc.assert(
      fc.asyncProperty(tampering, async (t) => {
        const changed: Record<string, unknown> = structuredClone(first) as unknown as Record<string, unknown>;
        if (t.kind === 'delete') delete changed[t.field];
        else if (t.kind === 'add') Object.defineProperty(changed, t.field, { value: t.value, enumerable: true, configurable: true, writable: true });
        else changed[t.field] = t.value;
        // A change that leaves the receipt as signed (the same value again) must still verify.
        let same: boolean;
        try {
          same = canonicalJson(changed) === original;
        } catch {
          same = false;
        }
        const result = await verifyReceipt(changed as unknown as SignedReceipt, jwks);
        expect(result.valid, JSON.stringify(t)).toBe(same);
      }),
      { numRuns: 300 },
    );
  });
});
