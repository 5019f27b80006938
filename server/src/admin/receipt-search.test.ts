import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../db/test-database.js';
import { insertReceipt, openAdminFixture, type AdminFixture } from '../testing/admin-fixture.js';
import { allReceipts, parseCursor, searchReceipts } from './receipt-search.js';

let f: AdminFixture;
const ids: string[] = [];
beforeAll(async () => {
  f = await openAdminFixture();
  // Several receipts in the same millisecond: the cursor must still neither skip nor repeat any.
  const same = new Date('2026-03-01T12:00:00.123Z');
  for (let i = 0; i < 4; i++) ids.push((await insertReceipt(f.database.db, f.site, same)).receiptId);
  for (let i = 0; i < 3; i++) ids.push((await insertReceipt(f.database.db, f.site, new Date(same.getTime() - i * 1000 - 1000))).receiptId);
  await insertReceipt(f.database.db, f.other, same);
});
afterAll(async () => {
  await f?.close();
});

describe(`receipt search (${testDbKind()})`, () => {
  it('walks ties within one millisecond page by page without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor = undefined as ReturnType<typeof parseCursor>;
    for (let pages = 0; pages < 10; pages++) {
      const page = await searchReceipts(f.database.db, { siteId: 'shop', cursor, limit: 2 });
      seen.push(...page.receipts.map((r) => r.receiptId));
      if (!page.nextCursor) break;
      cursor = parseCursor(page.nextCursor);
      expect(cursor).toBeDefined();
    }
    expect(seen).toHaveLength(7);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('streams every match in pages for exports', async () => {
    const pages: number[] = [];
    for await (const page of allReceipts(f.database.db, { siteId: 'shop' }, 3)) pages.push(page.length);
    expect(pages).toEqual([3, 3, 1]);
  });
});
