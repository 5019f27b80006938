/**
 * Instances that start together on one fresh PostgreSQL database all migrate at once; each must come up (they take
 * turns on an advisory lock), and the schema must end up applied exactly once. Always real PostgreSQL: PGlite has
 * one process per data folder, so it cannot race.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.js';
import { createPostgresDatabase } from './test-database.js';

const opened: Database[] = [];
let fresh: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;

afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  await fresh?.drop();
});

describe('migrations at start (PostgreSQL)', () => {
  it('four instances migrating one fresh database at the same time all succeed', async () => {
    fresh = await createPostgresDatabase('cg_migrate');
    for (let i = 0; i < 4; i++) opened.push(await openDatabase({ url: fresh.url, max: 2 }));
    const results = await Promise.allSettled(opened.map((database) => database.migrate()));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    const [first] = opened;
    const rows = await first!.preparedQuery<{ n: number; distinct_hashes: number }>(
      'select count(*)::int as n, count(distinct hash)::int as distinct_hashes from drizzle.__drizzle_migrations',
      [],
    );
    expect(rows[0]!.n).toBe(rows[0]!.distinct_hashes);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
