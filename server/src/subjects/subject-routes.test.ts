import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { canonicalJson, type SignedReceipt } from '@consentgate/shared';
import { verifyReceipt } from '@consentgate/shared/verify';
import type { JSONWebKeySet } from 'jose';
import { appInternals } from '../app.js';
import { auditLog, receipts, subjects } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { createSite } from '../sites/sites.js';
import { newSubject, openAppFixture, postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt, type AppFixture } from '../testing/app-fixture.js';

let f: AppFixture;
beforeAll(async () => {
  f = await openAppFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A visitor with two choices on record, plus a second visitor who must stay untouched. */
async function visitorWithHistory() {
  const me = newSubject();
  const other = newSubject();
  for (const [who, method] of [[me, 'accept-all'], [me, 'withdraw'], [other, 'reject-all']] as const) {
    const res = await postReceipt(f.app, validReceipt(f.site, { ...who, method }));
    expect(res.status).toBe(201);
  }
  return { me, other };
}

function history(subject: { subjectId: string; subjectSecret: string }, query = '', secret = subject.subjectSecret) {
  return f.app.request(`/v1/subjects/${subject.subjectId}/receipts?siteId=shop${query}`, {
    headers: { authorization: `Bearer ${secret}`, origin: SITE_ORIGIN },
  });
}

function erase(subject: { subjectId: string; subjectSecret: string }, secret = subject.subjectSecret) {
  return f.app.request(`/v1/subjects/${subject.subjectId}?siteId=shop`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${secret}`, origin: SITE_ORIGIN },
  });
}

describe(`visitor self-service (${testDbKind()})`, () => {
  it('shows a visitor their own signed receipts, newest first, and nobody else’s', async () => {
    const { me } = await visitorWithHistory();
    const res = await history(me);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const body = (await res.json()) as { receipts: SignedReceipt[] };
    expect(body.receipts.map((r) => r.method)).toEqual(['withdraw', 'accept-all']);
    expect(body.receipts.every((r) => r.subjectId === me.subjectId && r.signature.split('.').length === 3)).toBe(true);
  });

  it('refuses a query parameter given twice instead of using the first, and erases nothing', async () => {
    const { me } = await visitorWithHistory();
    const headers = { authorization: `Bearer ${me.subjectSecret}`, origin: SITE_ORIGIN };
    for (const query of ['siteId=shop&siteId=b2b', 'siteId=shop&format=csv&format=json', 'siteId=shop&siteId=shop']) {
      const res = await f.app.request(`/v1/subjects/${me.subjectId}/receipts?${query}`, { headers });
      expect(res.status, query).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(/^invalid query: (siteId|format): /);
    }
    const erase = await f.app.request(`/v1/subjects/${me.subjectId}?siteId=shop&siteId=b2b`, { method: 'DELETE', headers });
    expect(erase.status).toBe(400);
    expect(((await erase.json()) as { error: { message: string } }).error.message).toMatch(/^invalid query: siteId: /);
    expect((await history(me)).status).toBe(200);
    expect(((await (await history(me)).json()) as { receipts: unknown[] }).receipts).toHaveLength(2);
  });

  it('downloads the history as CSV whose rows verify against the published keys', async () => {
    const { me } = await visitorWithHistory();
    const res = await history(me, '&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="consent-history-${me.subjectId}.csv"`);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^receiptId,serverTime,.*,receipt$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('withdraw');
    const jwks = (await (await f.app.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    for (const line of lines.slice(1)) {
      // The last cell is the quoted JSON of the signed receipt.
      const receipt = JSON.parse(line.slice(line.indexOf(',"{') + 2, -1).replaceAll('""', '"')) as SignedReceipt;
      expect(receipt.subjectId).toBe(me.subjectId);
      expect(await verifyReceipt(receipt, jwks)).toMatchObject({ valid: true });
    }
  });

  it('still shows and verifies receipts that were signed one by one, before batch signing', async () => {
    const me = newSubject();
    const res = await postReceipt(f.app, validReceipt(f.site, { ...me, method: 'accept-all' }));
    const { signature: _signature, proof: _proof, ...newer } = (await res.json()) as SignedReceipt;
    // An older receipt as the server stored it then: the JWS signs the claims themselves, no proof.
    const older = { ...newer, receiptId: crypto.randomUUID(), method: 'reject-all' as const, serverTime: '2026-01-05T10:00:00.000Z' };
    const signer = await appInternals(f.app).keys.signer();
    await f.database.db.insert(receipts).values({
      siteId: 'shop',
      receiptId: older.receiptId,
      subjectId: me.subjectId,
      createdAt: new Date(older.serverTime),
      policyVersion: older.policyVersion,
      method: older.method,
      collection: older.collection,
      gpc: older.gpc,
      categories: older.categories,
      claims: older,
      signature: signer.sign(canonicalJson(older)),
      kid: signer.kid,
    });
    const body = (await (await history(me)).json()) as { receipts: SignedReceipt[] };
    const shown = body.receipts.find((r) => r.receiptId === older.receiptId);
    expect(shown).toBeDefined();
    expect(shown).not.toHaveProperty('proof');
    const jwks = (await (await f.app.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    for (const receipt of body.receipts) expect(await verifyReceipt(receipt, jwks)).toMatchObject({ valid: true });
    expect(await verifyReceipt({ ...(shown as SignedReceipt), method: 'accept-all' }, jwks)).toMatchObject({ valid: false });
  });

  it('refuses a wrong or missing secret and an unknown subject', async () => {
    const { me } = await visitorWithHistory();
    const wrong = await history(me, '', newSubject().subjectSecret);
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('subject_secret_mismatch');
    const missing = await f.app.request(`/v1/subjects/${me.subjectId}/receipts?siteId=shop`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { message: 'send the subject secret as "Authorization: Bearer <secret>"' } });
    // One was sent, but no widget could have made it: the answer says that, not that none came.
    const malformed = await f.app.request(`/v1/subjects/${me.subjectId}/receipts?siteId=shop`, { headers: { authorization: 'Bearer wrong' } });
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('the subject secret is malformed') } });
    expect((await history(newSubject())).status).toBe(404);
    expect((await f.app.request(`/v1/subjects/not-a-uuid/receipts?siteId=shop`)).status).toBe(400);
    const badSite = await f.app.request(`/v1/subjects/${me.subjectId}/receipts?siteId=Not%20a%20site`, { headers: { authorization: `Bearer ${me.subjectSecret}` } });
    expect(badSite.status).toBe(400);
    expect(await badSite.json()).toMatchObject({ error: { code: 'validation_failed', message: expect.stringContaining('siteId'), details: [{ path: 'siteId' }] } });
    expect((await erase(me, newSubject().subjectSecret)).status).toBe(403);
    expect(await f.database.db.select().from(receipts).where(eq(receipts.subjectId, me.subjectId))).toHaveLength(2);
  });

  it('finds the site from the subject id when the request names none (the paths as the spec gives them)', async () => {
    const { me, other } = await visitorWithHistory();
    const auth = (who: typeof me) => ({ authorization: `Bearer ${who.subjectSecret}`, origin: SITE_ORIGIN });
    const list = await f.app.request(`/v1/subjects/${me.subjectId}/receipts`, { headers: auth(me) });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { receipts: SignedReceipt[] }).receipts.map((r) => r.method)).toEqual(['withdraw', 'accept-all']);
    // The secret is still what proves it: a wrong one, or none, gets nothing, also without siteId.
    expect((await f.app.request(`/v1/subjects/${me.subjectId}/receipts`, { headers: auth({ ...me, subjectSecret: other.subjectSecret }) })).status).toBe(403);
    expect((await f.app.request(`/v1/subjects/${me.subjectId}/receipts`)).status).toBe(401);
    expect((await f.app.request(`/v1/subjects/${newSubject().subjectId}/receipts`, { headers: auth(me) })).status).toBe(404);
    const erased = await f.app.request(`/v1/subjects/${me.subjectId}`, { method: 'DELETE', headers: auth(me) });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ deleted: 2 });
    expect(await f.database.db.select().from(receipts).where(eq(receipts.subjectId, other.subjectId))).toHaveLength(1);

    // One id on two sites: the request has to say which.
    const second = await createSite(f.database.db, { id: 'shop-two', name: 'Shop two', allowedOrigins: ['https://two.example'], config: SHOP_CONFIG });
    const twice = newSubject();
    expect((await postReceipt(f.app, validReceipt(f.site, twice))).status).toBe(201);
    const onSecond = validReceipt(second, { ...twice, pageUrl: 'https://two.example/' });
    expect((await postReceipt(f.app, onSecond, { headers: { origin: 'https://two.example' } })).status).toBe(201);
    const ambiguous = await f.app.request(`/v1/subjects/${twice.subjectId}/receipts`, { headers: auth(twice) });
    expect(ambiguous.status).toBe(400);
    expect(((await ambiguous.json()) as { error: { message: string } }).error.message).toContain('siteId');
    expect((await f.app.request(`/v1/subjects/${twice.subjectId}/receipts?siteId=shop-two`, { headers: { authorization: `Bearer ${twice.subjectSecret}` } })).status).toBe(200);
  });

  it('erases a visitor’s records at once, keeps others, and audits without personal data', async () => {
    const { me, other } = await visitorWithHistory();
    const res = await erase(me);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 2 });
    expect(await f.database.db.select().from(receipts).where(eq(receipts.subjectId, me.subjectId))).toHaveLength(0);
    expect(await f.database.db.select().from(subjects).where(eq(subjects.id, me.subjectId))).toHaveLength(0);
    expect(await f.database.db.select().from(receipts).where(eq(receipts.subjectId, other.subjectId))).toHaveLength(1);
    const audit = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'subject.erase'));
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(me.subjectId);
    expect((await history(me)).status).toBe(404);
  });
});
