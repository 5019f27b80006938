import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { ReceiptPage, SignedReceipt } from '@consentgate/shared';
import { auditLog, receipts, subjects } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { newSubject, postReceipt, validReceipt } from '../testing/app-fixture.js';
import { asUser, insertReceipt, openAdminFixture, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';

let f: AdminFixture;
let admin: SignedIn;
const visitor = newSubject();
const DAY = 86_400_000;
let old: { receiptId: string; subjectId: string };
beforeAll(async () => {
  f = await openAdminFixture();
  admin = await signIn(f.app, f.users.shopAdmin);
  for (const method of ['accept-all', 'custom', 'withdraw'] as const) {
    expect((await postReceipt(f.app, validReceipt(f.site, { ...visitor, method }))).status).toBe(201);
  }
  for (let i = 0; i < 4; i++) expect((await postReceipt(f.app, validReceipt(f.site))).status).toBe(201);
  old = await insertReceipt(f.database.db, f.site, new Date(Date.now() - 40 * DAY));
});
afterAll(async () => {
  await f?.close();
});

async function search(query: string, who = admin): Promise<ReceiptPage<SignedReceipt>> {
  const res = await asUser(f.app, who, `/v1/admin/sites/shop/receipts${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ReceiptPage<SignedReceipt>;
}

async function auditOf(action: string) {
  return f.database.db.select().from(auditLog).where(eq(auditLog.action, action));
}

describe(`receipt search, export and subject requests (${testDbKind()})`, () => {
  it('pages through every receipt newest first without gaps or repeats', async () => {
    const seen: SignedReceipt[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page = await search(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.receipts);
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((r) => r.receiptId)).size).toBe(8);
    const times = seen.map((r) => Date.parse(r.serverTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(seen.at(-1)!.receiptId).toBe(old.receiptId);
    expect(seen.every((r) => r.siteId === 'shop' && r.signature.length > 0)).toBe(true);
  });

  it('filters by subject, receipt id and date, and refuses a bad cursor', async () => {
    const mine = await search(`?subjectId=${visitor.subjectId}`);
    expect(mine.receipts.map((r) => r.method)).toEqual(['withdraw', 'custom', 'accept-all']);
    const one = await search(`?receiptId=${old.receiptId}`);
    expect(one.receipts.map((r) => r.receiptId)).toEqual([old.receiptId]);
    const recent = await search(`?from=${new Date(Date.now() - DAY).toISOString()}`);
    expect(recent.receipts).toHaveLength(7);
    const older = await search(`?to=${new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10)}`);
    expect(older.receipts.map((r) => r.receiptId)).toEqual([old.receiptId]);
    expect((await asUser(f.app, admin, '/v1/admin/sites/shop/receipts?cursor=nonsense')).status).toBe(400);
    expect((await asUser(f.app, admin, '/v1/admin/sites/shop/receipts?subjectId=not-a-uuid')).status).toBe(400);
    expect((await asUser(f.app, admin, '/v1/admin/sites/shop/receipts?from=2027-01-01&to=2026-01-01')).status).toBe(400);
    // A page size is written in plain digits: "1e2", "0x10" or " 5" is a mistake pointed out, not a guess.
    for (const limit of ['1e2', '0x10', '%205', '5.0', '', '501']) {
      const res = await asUser(f.app, admin, `/v1/admin/sites/shop/receipts?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(await res.json(), limit).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });

  it('answers times and cursors the database cannot take with a 400 that says so, and exports nothing', async () => {
    const exportsBefore = (await auditOf('receipts.export')).length;
    const refused = async (query: string) => {
      const res = await asUser(f.app, admin, `/v1/admin/sites/shop/receipts${query}`);
      expect(res.status, query).toBe(400);
      return ((await res.json()) as { error: { code: string; message: string } }).error;
    };
    expect(await refused('?from=0000-01-01')).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/between 1970-01-01 and 9998-12-31/) });
    expect((await refused('?to=9999-12-31T23:00:00Z')).message).toMatch(/between 1970-01-01 and 9998-12-31/);
    expect((await refused('?from=2026-01-01T00:00:00')).message).toMatch(/ISO 8601 date \(2026-03-01\) or date-time with offset/);
    expect((await refused(`?cursor=9223372036854775807.${visitor.subjectId}`)).code).toBe('validation_failed');
    expect((await refused('?to=0000-01-01&format=csv')).code).toBe('validation_failed');
    expect(await auditOf('receipts.export')).toHaveLength(exportsBefore);
  });

  it('audits every search with the filters used but no subject or receipt id', async () => {
    const entries = await auditOf('receipts.search');
    expect(entries.length).toBeGreaterThanOrEqual(7);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(visitor.subjectId);
    expect(text).not.toContain(old.receiptId);
    expect(entries.some((e) => JSON.stringify(e.details?.filters) === '["subjectId"]')).toBe(true);
    expect(entries.every((e) => e.siteId === 'shop' && e.actorId === admin.userId)).toBe(true);
  });

  it('exports all matching receipts as CSV and audits the export', async () => {
    const res = await asUser(f.app, admin, '/v1/admin/sites/shop/receipts?format=csv&limit=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('receipts-shop.csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^receiptId,serverTime,siteId,subjectId,/);
    expect(lines).toHaveLength(9);
    expect(lines.filter((l) => l.includes(visitor.subjectId))).toHaveLength(3);
    const filtered = await asUser(f.app, admin, `/v1/admin/sites/shop/receipts?format=csv&subjectId=${visitor.subjectId}`);
    expect((await filtered.text()).trimEnd().split('\r\n')).toHaveLength(4);
    expect((await auditOf('receipts.export')).length).toBe(2);
  });

  it('records no export or search for a HEAD request, which carries no receipts', async () => {
    const [exports, searches] = [(await auditOf('receipts.export')).length, (await auditOf('receipts.search')).length];
    for (const query of ['?format=csv', '']) {
      const res = await asUser(f.app, admin, `/v1/admin/sites/shop/receipts${query}`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
    }
    expect(await auditOf('receipts.export')).toHaveLength(exports);
    expect(await auditOf('receipts.search')).toHaveLength(searches);
  });

  it('keeps receipts from viewers (personal data): they see stats only', async () => {
    const viewer = await signIn(f.app, f.users.shopViewer);
    for (const path of ['/v1/admin/sites/shop/receipts', `/v1/admin/sites/shop/subjects/${visitor.subjectId}/receipts`]) {
      const res = await asUser(f.app, viewer, path);
      expect(res.status).toBe(403);
    }
    expect((await asUser(f.app, viewer, `/v1/admin/sites/shop/subjects/${visitor.subjectId}`, { method: 'DELETE' })).status).toBe(403);
    expect((await asUser(f.app, viewer, '/v1/admin/sites/shop/stats')).status).toBe(200);
  });

  it('answers a subject access request as JSON and CSV', async () => {
    const json = await asUser(f.app, admin, `/v1/admin/sites/shop/subjects/${visitor.subjectId}/receipts`);
    expect(json.status).toBe(200);
    const body = (await json.json()) as { receipts: SignedReceipt[] };
    expect(body.receipts.map((r) => r.method)).toEqual(['withdraw', 'custom', 'accept-all']);
    const csv = await asUser(f.app, admin, `/v1/admin/sites/shop/subjects/${visitor.subjectId}/receipts?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="consent-history-${visitor.subjectId}.csv"`);
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(4);
    const audit = await auditOf('subject.export');
    expect(audit.map((a) => a.details)).toEqual([
      { format: 'json', receipts: 3 },
      { format: 'csv', receipts: 3 },
    ]);
  });

  it('erases a subject at once, keeps everybody else, and audits without the subject id', async () => {
    const res = await asUser(f.app, admin, `/v1/admin/sites/shop/subjects/${visitor.subjectId}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 3 });
    const left = await f.database.db.select().from(receipts).where(eq(receipts.subjectId, visitor.subjectId));
    expect(left).toHaveLength(0);
    const subject = await f.database.db
      .select()
      .from(subjects)
      .where(and(eq(subjects.siteId, 'shop'), eq(subjects.id, visitor.subjectId)));
    expect(subject).toHaveLength(0);
    expect((await search('')).receipts).toHaveLength(5);
    const audit = await auditOf('subject.erase');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'user', actorId: admin.userId, siteId: 'shop', details: { receipts: 3 } });
    expect(JSON.stringify(audit)).not.toContain(visitor.subjectId);
    const again = await asUser(f.app, admin, `/v1/admin/sites/shop/subjects/${visitor.subjectId}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });
});
