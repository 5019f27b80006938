/**
 * The real server process: starts, prints its URL, and on SIGTERM drains in-flight requests and exits 0
 * with every acknowledged (201) receipt stored.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { openDatabase, type Database } from './db/client.js';
import { receipts } from './db/schema.js';
import { openTestDatabase, testDbKind, type TestDatabase } from './db/test-database.js';
import { createSite, type Site } from './sites/sites.js';
import { SHOP_CONFIG, SITE_ORIGIN, validReceipt } from './testing/app-fixture.js';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
let dataDir: string;
let testDb: TestDatabase | undefined;
let site: Site;
let env: NodeJS.ProcessEnv;

/** Opens the database the child uses (PGlite must not be open in two processes at once). */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (testDb) return fn(testDb);
  const db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    await db.migrate();
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cg-main-'));
  if (testDbKind() === 'postgres') testDb = await openTestDatabase();
  site = await withDatabase((db) =>
    createSite(db.db, { id: 'shop', name: 'Shop', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG }),
  );
  env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    CG_DATA_DIR: dataDir,
    CG_RATE_LIMIT_RECEIPTS: '0',
    DATABASE_URL: testDb?.url ?? '',
  };
});
afterAll(async () => {
  await testDb?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The URL the server says it listens on, and everything it printed up to its last start-up line. */
function waitForUrl(child: ChildProcess): Promise<{ url: string; printed: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] && /dashboard:.*\n/.test(out)) {
        clearTimeout(timer);
        resolve({ url: match[1], printed: out });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${out}`)));
  });
}

describe(`server process (${testDbKind()})`, () => {
  it('refuses to start, at once and with the reason, on an embedded data folder another process holds', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cg-main-locked-'));
    const held = await openDatabase({ dataDir: join(folder, 'pglite') });
    try {
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: serverDir,
        env: { ...env, CG_DATA_DIR: folder, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.status).toBe(1);
      expect(child.stderr).toContain(`error: the embedded database in ${join(folder, 'pglite')} is in use by process ${process.pid}`);
      expect(child.stdout).not.toContain('listening on');
    } finally {
      await held.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a bad setting or a missing database with the reason, not a stack trace', () => {
    const run = (extra: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env: { ...env, ...extra }, encoding: 'utf8', timeout: 30_000 });
    const badPort = run({ PORT: 'abc' });
    expect(badPort.status).toBe(1);
    expect(badPort.stderr.trim()).toBe('error: PORT must be an integer ≥ 0, got "abc"');
    const badUrl = run({ PUBLIC_URL: 'notaurl' });
    expect(badUrl.status).toBe(1);
    expect(badUrl.stderr).toMatch(/^error: PUBLIC_URL must be the http\(s\) origin/);
    const missing = run({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cg_no_such_database' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: /);
    expect(missing.stderr).toContain('database "cg_no_such_database" does not exist');
    // Told not to migrate, on a database nobody migrated: it says what to do instead of failing on a missing table.
    const unmigrated = run({ CG_MIGRATE_ON_START: 'false', DATABASE_URL: '', CG_DATA_DIR: mkdtempSync(join(tmpdir(), 'cg-unmigrated-')) });
    expect(unmigrated.status).toBe(1);
    expect(unmigrated.stderr).toMatch(/^error: 0 of \d+ migrations applied: run `pnpm cg migrate` first/);
    for (const child of [badPort, badUrl, missing, unmigrated]) expect(child.stderr).not.toMatch(/^\s+at /m);
  });

  it('drains in-flight receipts on SIGTERM, exits 0, and loses nothing it acknowledged', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env, stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const { url, printed } = await waitForUrl(child);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // PORT=0 picked a free port: the addresses printed are on it, not on port 0.
    expect(url).not.toMatch(/:0$/);
    expect(printed).toContain(`widget:   ${url}/consent.js   API docs: ${url}/openapi.json`);

    const bodies = Array.from({ length: 300 }, () => validReceipt(site));
    let answered = 0;
    let signalled = false;
    const results = await Promise.all(
      bodies.map(async (body) => {
        try {
          const res = await fetch(`${url}/v1/receipts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: SITE_ORIGIN },
            body: JSON.stringify(body),
          });
          await res.arrayBuffer();
          if (++answered === 20 && !signalled) {
            signalled = true;
            child.kill('SIGTERM');
          }
          return { id: body.receiptId, status: res.status };
        } catch {
          return { id: body.receiptId, status: 0 }; // refused after shutdown began: not acknowledged
        }
      }),
    );
    expect(signalled).toBe(true);
    expect(await exited).toBe(0);

    const statuses = new Set(results.map((r) => r.status));
    for (const s of statuses) expect([0, 201]).toContain(s);
    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.id);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    const stored = await withDatabase((db) =>
      db.db.select({ id: receipts.receiptId }).from(receipts).where(inArray(receipts.receiptId, acknowledged)),
    );
    expect(stored.length).toBe(acknowledged.length);
  });
});
