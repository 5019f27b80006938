import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase, testDbKind, type TestDatabase } from './test-database.js';
import { receipts, sites } from './schema.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`database (${testDbKind()})`, () => {
  it('applies the migrations and answers a ping', async () => {
    expect(database.kind).toBe(testDbKind());
    await database.ping();
    await database.migrate(); // idempotent
  });

  it('refuses to update a stored receipt (append-only)', async () => {
    const { db } = database;
    await db.insert(sites).values({ id: 'shop', name: 'Shop', config: { categories: [] } as never, configHash: 'h' });
    const receiptId = crypto.randomUUID();
    await db.insert(receipts).values({
      siteId: 'shop',
      receiptId,
      subjectId: crypto.randomUUID(),
      policyVersion: 1,
      method: 'reject-all',
      collection: 'banner',
      gpc: false,
      categories: {},
      claims: {} as never,
      signature: 's',
      kid: 'k',
    });
    await expect(db.execute(sql`update receipts set gpc = true where receipt_id = ${receiptId}`)).rejects.toThrow();
    const rows = await db.select().from(receipts);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.gpc).toBe(false);
  });
});
