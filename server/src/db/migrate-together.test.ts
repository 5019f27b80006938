/**
 * Instances that start together on one fresh PostgreSQL database all migrate at once; each must come up (they take
 * turns on an advisory lock), and the schema must end up applied exactly once. Always real PostgreSQL: PGlite has
 * one process per data folder, so it cannot race.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from './client.js';
import { TEST_DATABASE_URL } from './test-database.js';

const name = `cg_migrate_${randomBytes(6).toString('hex')}`;
const url = new URL(TEST_DATABASE_URL);
url.pathname = `/${name}`;
const opened: Database[] = [];

afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

describe('migrations at start (PostgreSQL)', () => {
  it('four instances migrating one fresh database at the same time all succeed', async () => {
    const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    for (let i = 0; i < 4; i++) opened.push(await openDatabase({ url: url.toString(), max: 2 }));
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
