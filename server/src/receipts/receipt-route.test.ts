import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { SignedReceipt } from '@consentgate/shared';
import { verifyReceipt } from '@consentgate/shared/verify';
import { receipts, subjects } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { createSite } from '../sites/sites.js';
import { openAppFixture, postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt, type AppFixture } from '../testing/app-fixture.js';

let f: AppFixture;
beforeAll(async () => {
  f = await openAppFixture({ TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await f?.close();
});

async function jwks() {
  const res = await f.app.request('/.well-known/jwks.json');
  expect(res.status).toBe(200);
  return (await res.json()) as { keys: Array<Record<string, string>> };
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
}

describe(`POST /v1/receipts (${testDbKind()})`, () => {
  it('stores a receipt and answers 201 with a signed receipt that verifies against the JWKS', async () => {
    const input = validReceipt(f.site);
    const before = Date.now();
    const res = await postReceipt(f.app, input, {
      headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.77', 'user-agent': 'TestBrowser/1.0' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const receipt = (await res.json()) as SignedReceipt;
    expect(receipt).toMatchObject({
      receiptId: input.receiptId,
      siteId: 'shop',
      subjectId: input.subjectId,
      method: 'custom',
      categories: { necessary: true, analytics: true, marketing: false },
      pageUrl: 'https://shop.example/checkout',
      ipNetwork: '203.0.113.0/24',
      userAgent: 'TestBrowser/1.0',
      controller: { name: 'Example Shop GmbH', contact: 'privacy@shop.example' },
      policyUrl: 'https://shop.example/privacy',
      configHash: f.site.configHash,
      jurisdiction: 'EU',
      // No withdrawalUrl in the config: the page it was given on, whose widget can withdraw it.
      withdrawalUrl: 'https://shop.example/checkout',
    });
    expect(receipt).not.toHaveProperty('subjectSecret');
    const serverTime = Date.parse(receipt.serverTime);
    expect(serverTime).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(receipt.validUntil) - serverTime).toBe(182 * 86_400_000);

    const result = await verifyReceipt(receipt, await jwks());
    expect(result.valid).toBe(true);
    // A lone receipt is a batch of one: its proof is empty, the signed root is its own leaf hash.
    expect(receipt.proof).toEqual({ index: 0, path: [] });

    const [row] = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId));
    expect(row?.signature).toBe(receipt.signature);
    expect(row?.proof).toEqual(receipt.proof);
    expect(row?.createdAt.toISOString()).toBe(receipt.serverTime);
    const { signature: _signature, proof: _proof, ...claims } = receipt;
    expect(row?.claims).toEqual(claims);
    expect(row).toMatchObject({
      subjectId: input.subjectId,
      policyVersion: receipt.policyVersion,
      method: receipt.method,
      collection: receipt.collection,
      gpc: receipt.gpc,
      categories: receipt.categories,
    });
    // Only a hash of the subject secret is kept.
    const [subject] = await f.database.db.select().from(subjects).where(eq(subjects.id, input.subjectId));
    expect(subject?.secretHash).toBeTruthy();
    expect(subject?.secretHash).not.toContain(input.subjectSecret);
  });

  it('a tampered receipt or a receipt checked against another key set fails verification', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site, { method: 'reject-all' }));
    const receipt = (await res.json()) as SignedReceipt;
    const keys = await jwks();
    expect((await verifyReceipt({ ...receipt, method: 'accept-all' }, keys)).valid).toBe(false);
    expect((await verifyReceipt({ ...receipt, categories: { ...receipt.categories, marketing: true } }, keys)).valid).toBe(false);
    const otherKey = { ...keys.keys[0], x: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
    expect((await verifyReceipt(receipt, { keys: [otherKey] as never })).valid).toBe(false);
  });

  it('signs receipts that arrive together as one batch: one signature, a proof each, each verifying only as itself', async () => {
    const inputs = Array.from({ length: 20 }, () => validReceipt(f.site));
    const responses = await Promise.all(inputs.map((input) => postReceipt(f.app, input)));
    expect(responses.map((r) => r.status)).toEqual(inputs.map(() => 201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as SignedReceipt[];
    // The first goes out alone; the others queue behind it and share the next batch's signature.
    const shared = bodies.filter((b) => b.signature === bodies[1]?.signature);
    expect(shared.length).toBeGreaterThan(1);
    expect(new Set(shared.map((b) => b.proof?.index)).size).toBe(shared.length);
    const keys = await jwks();
    for (const receipt of bodies) expect(await verifyReceipt(receipt, keys)).toMatchObject({ valid: true });
    const [a, b] = shared as [SignedReceipt, SignedReceipt];
    expect((await verifyReceipt({ ...a, proof: b.proof }, keys)).valid).toBe(false);
    expect((await verifyReceipt({ ...a, pageUrl: b.pageUrl + 'x' }, keys)).valid).toBe(false);
    const stored = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, a.receiptId));
    expect(stored[0]).toMatchObject({ signature: a.signature, proof: a.proof });
  });

  it('takes the client address from a forwarded entry that carries a port', async () => {
    for (const [forwarded, network] of [
      ['198.51.100.7, 203.0.113.77:4711', '203.0.113.0/24'],
      ['[2001:db8:abcd:1::7]:443', '2001:db8:abcd::/48'],
    ]) {
      const res = await postReceipt(f.app, validReceipt(f.site), { headers: { 'x-forwarded-for': forwarded! } });
      expect(res.status).toBe(201);
      expect(((await res.json()) as SignedReceipt).ipNetwork).toBe(network);
    }
  });

  it('stores no consent mode when the browser sent none', async () => {
    const { consentMode: _consentMode, ...input } = validReceipt(f.site);
    const res = await postReceipt(f.app, input);
    expect(res.status).toBe(201);
    expect(((await res.json()) as SignedReceipt).consentMode).toBeNull();
    const [row] = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId));
    expect(row?.claims.consentMode).toBeNull();
  });

  it('accepts a receipt without an Origin (not from a web page) whose page is on an allowed origin', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site), { headers: { origin: undefined } });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts text/plain bodies as sent by navigator.sendBeacon', async () => {
    const input = validReceipt(f.site);
    const res = await postReceipt(f.app, input, { headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(201);
  });

  it('answers a repeat with 200 and the stored receipt, without a second row', async () => {
    const input = validReceipt(f.site);
    const first = await postReceipt(f.app, input);
    expect(first.status).toBe(201);
    const stored = (await first.json()) as SignedReceipt;
    const again = await postReceipt(f.app, input);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(stored);
    const rows = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId));
    expect(rows).toHaveLength(1);
  });

  it('stores a receipt once when many copies race, and every copy gets the same signed receipt', async () => {
    const input = validReceipt(f.site);
    const responses = await Promise.all(Array.from({ length: 12 }, () => postReceipt(f.app, input)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(11);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as SignedReceipt[];
    expect(new Set(bodies.map((b) => b.signature)).size).toBe(1);
    const rows = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId));
    expect(rows).toHaveLength(1);
  });

  it('copies racing with right and wrong secrets: stored once, only the wrong ones refused', async () => {
    const owner = validReceipt(f.site);
    expect((await postReceipt(f.app, owner)).status).toBe(201);
    const input = validReceipt(f.site, { subjectId: owner.subjectId, subjectSecret: owner.subjectSecret });
    const forged = { ...input, subjectSecret: validReceipt(f.site).subjectSecret };
    // A new subject whose first receipts race with two different secrets: exactly one secret gets registered.
    const fresh = validReceipt(f.site);
    const rival = validReceipt(f.site, { subjectId: fresh.subjectId });
    const responses = await Promise.all([forged, input, forged, input, fresh, rival].map((body) => postReceipt(f.app, body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.slice(0, 4).sort()).toEqual([200, 201, 403, 403]);
    expect(statuses.slice(4).sort()).toEqual([201, 403]);
    const stored = async (id: string) => (await f.database.db.select().from(receipts).where(eq(receipts.receiptId, id))).length;
    expect(await stored(input.receiptId)).toBe(1);
    expect([await stored(fresh.receiptId), await stored(rival.receiptId)]).toEqual([statuses[4] === 201 ? 1 : 0, statuses[5] === 201 ? 1 : 0]);
  });

  it('refuses the same receipt id with different content (409) and keeps the first', async () => {
    const input = validReceipt(f.site, { method: 'accept-all' });
    expect((await postReceipt(f.app, input)).status).toBe(201);
    const { receiptId, subjectId, subjectSecret, clientTime } = input;
    const rejecting = validReceipt(f.site, { receiptId, subjectId, subjectSecret, clientTime, method: 'reject-all' });
    await expectError(await postReceipt(f.app, rejecting), 409, 'conflict');
    const rows = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId));
    expect(rows.map((r) => r.method)).toEqual(['accept-all']);
  });

  it('stores no subject for a receipt refused because its id is taken by another subject (409)', async () => {
    const input = validReceipt(f.site);
    expect((await postReceipt(f.app, input)).status).toBe(201);
    const stranger = validReceipt(f.site, { receiptId: input.receiptId });
    await expectError(await postReceipt(f.app, stranger), 409, 'conflict');
    expect(await f.database.db.select().from(subjects).where(eq(subjects.id, stranger.subjectId))).toEqual([]);
    const rows = await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId));
    expect(rows.map((r) => r.subjectId)).toEqual([input.subjectId]);
  });

  it('refuses a receipt sent without Origin for a site that allows no origin yet: no page is on it', async () => {
    const bare = await createSite(f.database.db, { id: 'no-origins', name: 'No origins yet', allowedOrigins: [], config: SHOP_CONFIG });
    const input = { ...validReceipt(bare), pageUrl: 'https://anywhere.example/page' };
    await expectError(await postReceipt(f.app, input, { headers: { origin: undefined } }), 400, 'page_not_on_site');
    expect(await f.database.db.select().from(receipts).where(eq(receipts.receiptId, input.receiptId))).toEqual([]);
  });

  it('registers the subject secret with the first receipt and refuses a wrong one (403, nothing stored)', async () => {
    const first = validReceipt(f.site);
    expect((await postReceipt(f.app, first)).status).toBe(201);
    const second = validReceipt(f.site, { subjectId: first.subjectId, subjectSecret: first.subjectSecret });
    expect((await postReceipt(f.app, second)).status).toBe(201);
    const before = await f.receiptCount();
    const forged = validReceipt(f.site, { subjectId: first.subjectId });
    await expectError(await postReceipt(f.app, forged), 403, 'subject_secret_mismatch');
    expect(await f.receiptCount()).toBe(before);
  });

  it('lets a page on an origin the site does not allow read its 403, so its widget drops the receipt instead of retrying forever', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site), { headers: { origin: 'https://not-listed.example', 'content-type': 'text/plain' } });
    await expectError(res, 403, 'origin_not_allowed');
    // Without this header the browser hides the status (a network error to the page), which the outbox retries.
    expect(res.headers.get('access-control-allow-origin')).toBe('https://not-listed.example');
  });

  describe('bad input stores nothing', () => {
    const cases: Array<[string, () => Response | Promise<Response>, number, string]> = [
      ['unknown site', () => postReceipt(f.app, validReceipt({ ...f.site, id: 'nope' })), 404, 'site_not_found'],
      [
        'disallowed origin',
        () => postReceipt(f.app, validReceipt(f.site), { headers: { origin: 'https://evil.example' } }),
        403,
        'origin_not_allowed',
      ],
      [
        'same host but another scheme',
        () => postReceipt(f.app, validReceipt(f.site), { headers: { origin: 'http://shop.example' } }),
        403,
        'origin_not_allowed',
      ],
      [
        'body over 16 KiB',
        () => postReceipt(f.app, validReceipt(f.site, { locale: 'de', configHash: 'x'.repeat(17_000) })),
        413,
        'payload_too_large',
      ],
      ['malformed JSON', () => postReceipt(f.app, null, { raw: '{"schemaVersion":1,' }), 400, 'bad_request'],
      [
        'bytes that are not UTF-8',
        () => {
          const json = JSON.stringify(validReceipt(f.site, { locale: 'de' }));
          const at = json.indexOf('"de"') + 1;
          return postReceipt(f.app, null, { raw: new Uint8Array([...Buffer.from(json.slice(0, at)), 0xff, ...Buffer.from(json.slice(at + 2))]) });
        },
        400,
        'bad_request',
      ],
      [
        'JSON escaping a lone surrogate',
        () => postReceipt(f.app, null, { raw: JSON.stringify(validReceipt(f.site)).replace('"configHash":"', '"configHash":"\\ud800') }),
        400,
        'bad_request',
      ],
      ['wrong types', () => postReceipt(f.app, { ...validReceipt(f.site), gpc: 'yes' }), 400, 'validation_failed'],
      ['unknown field', () => postReceipt(f.app, { ...validReceipt(f.site), ip: '1.2.3.4' }), 400, 'validation_failed'],
      ['not a UUID', () => postReceipt(f.app, { ...validReceipt(f.site), receiptId: 'abc' }), 400, 'validation_failed'],
      ['a clientTime in year 0', () => postReceipt(f.app, validReceipt(f.site, { clientTime: '0000-01-01T00:00:00Z' })), 400, 'validation_failed'],
      ['a clientTime before 1970', () => postReceipt(f.app, validReceipt(f.site, { clientTime: '1969-12-31T23:59:59Z' })), 400, 'validation_failed'],
      [
        'a clientTime in year 10000 in UTC',
        () => postReceipt(f.app, validReceipt(f.site, { clientTime: '9999-12-31T23:59:59-23:59' })),
        400,
        'validation_failed',
      ],
      ['a clientTime in 9999', () => postReceipt(f.app, validReceipt(f.site, { clientTime: '9999-01-01T00:00:00Z' })), 400, 'validation_failed'],
      [
        'a policy version no database integer can hold',
        () => postReceipt(f.app, { ...validReceipt(f.site), policyVersion: 2 ** 31 }),
        400,
        'validation_failed',
      ],
      [
        'a javascript: page URL',
        () => postReceipt(f.app, { ...validReceipt(f.site), pageUrl: 'javascript:alert(1)' }),
        400,
        'validation_failed',
      ],
      [
        'a page URL on another origin than the one sending it',
        () => postReceipt(f.app, { ...validReceipt(f.site), pageUrl: 'https://evil.example/x' }),
        400,
        'page_not_on_site',
      ],
      [
        'a page URL off the site, sent without an Origin',
        () => postReceipt(f.app, { ...validReceipt(f.site), pageUrl: 'https://evil.example/x' }, { headers: { origin: undefined } }),
        400,
        'page_not_on_site',
      ],
      [
        'a charset other than UTF-8',
        () => postReceipt(f.app, validReceipt(f.site), { headers: { 'content-type': 'application/json; charset=iso-8859-1' } }),
        415,
        'unsupported_media_type',
      ],
      [
        'form content type',
        () =>
          postReceipt(f.app, validReceipt(f.site), { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      it(`${name} → ${status} ${code}`, async () => {
        const receiptsBefore = await f.receiptCount();
        const subjectsBefore = await f.subjectCount();
        await expectError(await send(), status, code);
        expect(await f.receiptCount()).toBe(receiptsBefore);
        expect(await f.subjectCount()).toBe(subjectsBefore);
      });
    }
  });

  it('takes a clientTime from 1970-01-01 to 9998-12-31, and says the range of one outside it', async () => {
    for (const clientTime of ['1970-01-01T00:00:00Z', '1970-01-01T01:00:00+01:00', '9998-12-31T23:59:59.999Z']) {
      expect((await postReceipt(f.app, validReceipt(f.site, { clientTime }))).status, clientTime).toBe(201);
    }
    const res = await postReceipt(f.app, validReceipt(f.site, { clientTime: '0000-01-01T00:00:00Z' }));
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'invalid receipt: clientTime: expected a time between 1970-01-01 and 9998-12-31',
    );
  });

  it('refuses a compressed body with 415 and says to send it uncompressed, storing nothing', async () => {
    const receiptsBefore = await f.receiptCount();
    for (const encoding of ['gzip', 'br', 'deflate', 'GZIP', 'identity, gzip']) {
      const receipt = validReceipt(f.site);
      const res = await f.app.request('/v1/receipts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding, origin: SITE_ORIGIN },
        body: gzipSync(JSON.stringify(receipt)),
      });
      expect(res.status, encoding).toBe(415);
      expect(res.headers.get('accept-encoding')).toBe('identity');
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error).toEqual({ code: 'unsupported_media_type', message: `send the receipt uncompressed, not with Content-Encoding: ${encoding}` });
    }
    expect(await f.receiptCount()).toBe(receiptsBefore);
    // identity is no encoding at all.
    const plain = await postReceipt(f.app, validReceipt(f.site), { headers: { 'content-encoding': 'Identity' } });
    expect(plain.status).toBe(201);
  });

  it('answers a CORS preflight only for origins some site allows', async () => {
    const ok = await f.app.request('/v1/receipts', {
      method: 'OPTIONS',
      headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const evil = await f.app.request('/v1/receipts', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // Plain http (no https PUBLIC_URL, no trusted proxy saying https): no HSTS, which browsers would ignore anyway.
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe(`receipt rate limit (${testDbKind()})`, () => {
  let limited: AppFixture;
  beforeAll(async () => {
    limited = await openAppFixture({ TRUST_PROXY: 'true', CG_RATE_LIMIT_RECEIPTS: '3', CG_RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers 429 with Retry-After once an address exceeds the limit, and stores nothing then', async () => {
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) {
      expect((await postReceipt(limited.app, validReceipt(limited.site), from('192.0.2.1'))).status).toBe(201);
    }
    const before = await limited.receiptCount();
    const res = await postReceipt(limited.app, validReceipt(limited.site), from('192.0.2.1'));
    await expectError(res.clone(), 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(await limited.receiptCount()).toBe(before);
    // Another address is not affected.
    expect((await postReceipt(limited.app, validReceipt(limited.site), from('192.0.2.2'))).status).toBe(201);
  });

  it('counts every address of one IPv6 /64 as one client', async () => {
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await postReceipt(limited.app, validReceipt(limited.site), from(`2001:db8:5:6::${i}`))).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await postReceipt(limited.app, validReceipt(limited.site), from('2001:db8:5:7::1'))).status).toBe(201);
  });
});
