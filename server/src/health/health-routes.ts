/**
 * Liveness (the process answers) and readiness (database reachable, writable, and every committed migration applied).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { isMissingTable } from '../db/unavailable.js';

const journal = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../drizzle/meta/_journal.json', import.meta.url)), 'utf8'),
) as { entries: unknown[] };
const EXPECTED_MIGRATIONS = journal.entries.length;
const READY_TIMEOUT_MS = 3_000;

const Status = z.object({ status: z.enum(['ok', 'unavailable']), reason: z.string().optional() }).openapi('HealthStatus');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: Status } } } },
});
const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: database reachable, writable and migrations applied',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: Status } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: Status } } },
  },
});

/** Why the schema is not current ("2 of 5 migrations applied"), or undefined when every migration is applied. */
export async function unappliedMigrations(database: Database): Promise<string | undefined> {
  let rows;
  try {
    rows = await database.db.execute<{ applied: number }>(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`);
  } catch (err) {
    if (isMissingTable(err)) return `0 of ${EXPECTED_MIGRATIONS} migrations applied`;
    throw err;
  }
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: Array<{ applied: number }> }).rows;
  const applied = Number(list[0]?.applied ?? 0);
  return applied >= EXPECTED_MIGRATIONS ? undefined : `${applied} of ${EXPECTED_MIGRATIONS} migrations applied`;
}

/**
 * "database is read-only" when this session cannot write: a standby (hot standby, or a primary after failover that
 * has not been promoted yet) or `default_transaction_read_only=on`. Every receipt would get a 503 there.
 */
async function readOnly(database: Database): Promise<string | undefined> {
  const rows = await database.db.execute<{ read_only: string }>(sql`select current_setting('transaction_read_only') as read_only`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: Array<{ read_only: string }> }).rows;
  return list[0]?.read_only === 'off' ? undefined : 'database is read-only';
}

/** The innermost message: drizzle wraps the driver's error ("connect ECONNREFUSED …") in one that quotes the SQL. */
function rootMessage(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

export function registerHealthRoutes(app: OpenAPIHono, database: Database): void {
  app.openapi(healthz, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' as const }, 200);
  });
  app.openapi(readyz, async (c) => {
    c.header('Cache-Control', 'no-store');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('database did not answer in time'), READY_TIMEOUT_MS);
    });
    const reason = await Promise.race([
      (async () => (await unappliedMigrations(database)) ?? (await readOnly(database)))().catch(
        (err: unknown) => `database unreachable: ${rootMessage(err)}`,
      ),
      timeout,
    ]).finally(() => clearTimeout(timer));
    if (reason) return c.json({ status: 'unavailable' as const, reason }, 503);
    return c.json({ status: 'ok' as const }, 200);
  });
}
