/**
 * A fresh, migrated database for one test file: PGlite in memory, or a new database created on the real
 * Postgres at TEST_DATABASE_URL (default 127.0.0.1:5432/test) and dropped afterwards.
 * CG_TEST_DB=pglite|postgres picks one (the vitest projects `server-pglite` and `server-postgres` set it).
 * Never skips: if Postgres is unreachable the test fails.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from './client.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testDbKind(): 'pglite' | 'postgres' {
  return process.env.CG_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export interface TestDatabase extends Database {
  /** postgres://… URL of this database (for servers started by tests), or undefined for PGlite. */
  url: string | undefined;
}

/** A new, empty database on the real PostgreSQL at TEST_DATABASE_URL, and how to drop it again. */
export async function createPostgresDatabase(prefix = 'cg_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

export async function openTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { ...database, url: undefined };
  }
  const fresh = await createPostgresDatabase();
  const database = await openDatabase({ url: fresh.url, max: 5 });
  await database.migrate();
  return {
    ...database,
    url: fresh.url,
    close: async () => {
      await database.close();
      await fresh.drop();
    },
  };
}
