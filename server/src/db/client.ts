/**
 * The one database handle. Driver choice lives here only:
 * no DATABASE_URL → embedded PGlite in a data folder; DATABASE_URL=postgres://… → the `postgres` driver.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataFolder } from './data-folder-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies committed migrations (idempotent; instances starting together take turns). */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  /**
   * Runs one hand-written SQL statement ($1, $2… parameters) as a named prepared statement: parsed and planned
   * once per connection. For hot paths whose SQL text never changes (receipt batches).
   */
  preparedQuery<T>(text: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent PGlite is used. */
  url?: string | undefined;
  /**
   * PGlite data folder; `memory://` keeps it in memory (tests). One process at a time: opening a folder another
   * process holds throws DataFolderLockedError (see data-folder-lock.ts).
   */
  dataDir?: string | undefined;
  /** Pool size for the postgres driver. */
  max?: number | undefined;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
const casing = 'snake_case' as const;
/** Key of the advisory lock held while migrating (any constant shared by all instances). */
const MIGRATION_LOCK = 0x636f6e73; // "cons"

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      // Fail fast when the server is down, so requests get a 503 instead of hanging.
      connect_timeout: 5,
      // Seconds before a connection is tried again after failures. The driver's default grows to 20 s, and every
      // request in an outage waits that long for its 503; capped at half a second, which a down server barely feels.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    });
    const db = drizzlePostgres(client, { schema, casing }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        // Instances starting together on one database would run the same CREATE statements at once and fail on
        // duplicate types; a session advisory lock, held on a connection of its own, makes them take turns (the later
        // ones then find nothing left to apply).
        const lock = await client.reserve();
        try {
          await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(client, { schema, casing }), { migrationsFolder });
        } finally {
          // A failed unlock means a broken connection, which ends the lock with it; say so and go on.
          await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch((err: unknown) => console.error('migration lock not released:', err));
          lock.release();
        }
      },
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      preparedQuery: async <T>(text: string, params: unknown[]) =>
        (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[],
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? '.data/pglite';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const lock = inMemory ? undefined : lockDataFolder(dataDir);
  let client: PGlite;
  try {
    client = new PGlite(dataDir);
    await client.waitReady;
  } catch (err) {
    lock?.release();
    throw err;
  }
  const pg = drizzlePglite(client, { schema, casing });
  const db = pg as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(pg, { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    preparedQuery: async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
