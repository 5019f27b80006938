/**
 * Test fixture for the CLI: a fresh data folder (embedded PGlite) or a fresh PostgreSQL database, per vitest project,
 * a way to run `pnpm cg …` in-process and capture what it prints, and a way to look into the CLI's database between
 * runs. Used by the server's own tests only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli.js';
import { openDatabase, type Database } from '../db/client.js';
import { openTestDatabase, testDbKind, type TestDatabase } from '../db/test-database.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface CliFixture {
  /** The environment the CLI runs with (data folder or DATABASE_URL, plus what was passed in). */
  env: NodeJS.ProcessEnv;
  run(argv: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** The CLI's database, opened only while the CLI is not running (embedded PGlite allows one process at a time). */
  withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openCliFixture(env: NodeJS.ProcessEnv = {}): Promise<CliFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-cli-'));
  const testDb: TestDatabase | undefined = testDbKind() === 'postgres' ? await openTestDatabase() : undefined;
  const base = { CG_DATA_DIR: dataDir, DATABASE_URL: testDb?.url ?? '', ...env };
  return {
    env: base,
    async run(argv, extraEnv = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { ...base, ...extraEnv }, (line) => out.push(line), (line) => err.push(line));
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async withDatabase(fn) {
      if (testDb) return fn(testDb);
      const db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    async close() {
      await testDb?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
