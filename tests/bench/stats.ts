/**
 * `pnpm bench:stats`: how fast the dashboard's statistics answer at volume.
 *   1. a fresh database on DATABASE_URL (default: the local test server), migrated, with three sites and an owner;
 *   2. BENCH_RECEIPTS receipts (default 10 million) over the last 90 days, seeded in SQL (stats-seed.ts);
 *   3. the first rollup into the hourly tables (timed); receipts of the last minutes stay for the live count, as in
 *      production (the rollup keeps a few minutes behind the clock);
 *   4. GET /v1/admin/sites/shop/stats through the real HTTP app (signed-in session cookie), BENCH_REQUESTS times
 *      (default 50) each for 90 days by day, by hour and by week: p50 / p95 / p99 latency;
 *   5. for contrast, a few requests answered without any rollup (everything counted live from receipts).
 * The database is dropped at the end unless BENCH_KEEP_DB=1; BENCH_DATABASE=<name> measures a kept one again
 * (no seeding, no rollup wait beyond what is new).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { SiteStats } from '@consentgate/shared';
import { appInternals, createApp, createSite, createUser, loadServerConfig, openDatabase, rollupStats, startServer } from '@consentgate/server';
import { BENCH_CONSENT_CONFIG, BENCH_SITES, seedReceipts, type SeedSite } from './stats-seed.js';
import { percentile } from './percentile.js';

const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 10_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const DAYS = 90;
const BASE_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_MS = 100;

const log = (line: string) => console.log(line);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;


const reuse = process.env.BENCH_DATABASE;
const dbName = reuse ?? `cg_bench_stats_${randomBytes(4).toString('hex')}`;
const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
if (!reuse) await admin.unsafe(`create database "${dbName}"`);
const benchUrl = new URL(BASE_URL);
benchUrl.pathname = `/${dbName}`;
let exitCode = 0;
try {
  const database = await openDatabase({ url: benchUrl.toString(), max: 4 });
  await database.migrate();
  const sites: SeedSite[] = [];
  for (const s of reuse ? [] : BENCH_SITES) {
    const site = await createSite(database.db, {
      id: s.id,
      name: s.name,
      allowedOrigins: ['https://bench.example'],
      config: BENCH_CONSENT_CONFIG,
    });
    sites.push({ id: s.id, configHash: site.configHash, weight: s.weight });
  }
  const password = randomBytes(16).toString('base64url');
  const email = `bench-${randomBytes(3).toString('hex')}@example.com`;
  await createUser(database.db, { email, password, role: 'owner' });

  const sql = postgres(benchUrl.toString(), { max: 1, onnotice: () => {} });
  if (!reuse) {
  log(`seeding ${RECEIPTS.toLocaleString('en')} receipts over ${DAYS} days into ${dbName} (sites: ${sites.map((s) => s.id).join(', ')})`);
  const seedStart = Date.now();
  await seedReceipts(sql, { receipts: RECEIPTS, days: DAYS, sites, log });
  log(`seeded in ${seconds(seedStart)}`);
  }
  const [table] = await sql<Array<{ size: string; count: number }>>`
    select pg_size_pretty(pg_total_relation_size('receipts')) as size, (select count(*)::int from receipts) as count`;
  log(`receipts: ${table!.count.toLocaleString('en')} rows, table with indexes ${table!.size}`);

  const config = loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_STATS_ROLLUP_MS: '0', CG_DASHBOARD_DIR: '/nonexistent', CG_WIDGET_DIR: '/nonexistent' });
  const app = createApp({ database, config });
  const server = await startServer({ app, port: 0 });
  try {
    const login = await fetch(`${server.url}/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const to = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000);
    const from = new Date(to.getTime() - DAYS * 86_400_000);
    const statsPath = (interval: string) => `/v1/admin/sites/shop/stats?from=${from.toISOString()}&to=${to.toISOString()}&interval=${interval}`;

    async function timed(path: string): Promise<{ ms: number; stats: SiteStats }> {
      const start = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      const body = (await res.json()) as SiteStats;
      const ms = performance.now() - start;
      if (!res.ok) throw new Error(`stats answered ${res.status}: ${JSON.stringify(body)}`);
      return { ms, stats: body };
    }

    // Without a rollup every receipt is counted live: the reason the hourly tables exist. (A reused database has been
    // rolled up already; its day total is then the reference for the hour total.)
    let reference: number | undefined;
    if (!reuse) {
      const live = await timed(statsPath('day'));
      const liveMs = [live.ms, (await timed(statsPath('day'))).ms];
      reference = live.stats.totals.total;
      log(`without rollup (all ${reference.toLocaleString('en')} receipts of "shop" counted live), 90 days by day: ${liveMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
    }

    const rollupStart = Date.now();
    const rolled = await rollupStats(database.db);
    log(`first rollup: ${rolled.receipts.toLocaleString('en')} receipts in ${rolled.steps} steps, ${seconds(rollupStart)}`);
    // What one timer round costs: put the mark back to the start of the hour before last (taking those hours' counts
    // out), roll that span up again, and time it.
    const rewind = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000);
    await sql`delete from stats_hourly where hour >= ${rewind}`;
    await sql`delete from stats_hourly_categories where hour >= ${rewind}`;
    await sql`update stats_rollup_state set rolled_up_until = ${rewind}`;
    const roundStart = performance.now();
    const round = await rollupStats(database.db);
    const roundMs = performance.now() - roundStart;
    log(
      `a rollup round over the last ${((Date.now() - rewind.getTime()) / 60_000).toFixed(0)} minutes: ${round.receipts.toLocaleString('en')} receipts in ` +
        `${roundMs.toFixed(0)} ms (${((roundMs * 1000) / Math.max(1, round.receipts)).toFixed(0)} µs per receipt)`,
    );
    const [hourly] = await sql<Array<{ methods: number; categories: number }>>`
      select (select count(*)::int from stats_hourly) as methods, (select count(*)::int from stats_hourly_categories) as categories`;
    log(`hourly tables: ${hourly!.methods.toLocaleString('en')} method rows, ${hourly!.categories.toLocaleString('en')} category rows`);

    const rows: Array<{ name: string; p50: number; p95: number; p99: number; max: number }> = [];
    for (const interval of ['day', 'hour', 'week']) {
      const first = await timed(statsPath(interval)); // warm-up; also checks the answer
      // Weeks start on Monday, so the week range starts a few days earlier; day and hour cover the same range.
      reference ??= first.stats.totals.total;
      if (interval !== 'week' && first.stats.totals.total !== reference) {
        throw new Error(`rolled-up total ${first.stats.totals.total} differs from the live count ${reference}`);
      }
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) times.push((await timed(statsPath(interval))).ms);
      times.sort((a, b) => a - b);
      rows.push({
        name: `90 days by ${interval} (${first.stats.buckets.length} buckets)`,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        max: times.at(-1)!,
      });
    }
    log(`\nGET /v1/admin/sites/shop/stats, ${REQUESTS} sequential requests each:`);
    log('| query | p50 ms | p95 ms | p99 ms | max ms |');
    log('|---|---:|---:|---:|---:|');
    for (const r of rows) log(`| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`);
    const worst = Math.max(...rows.map((r) => r.p95));
    log(`\n${worst < TARGET_MS ? 'OK' : 'SLOW'}: worst p95 ${worst.toFixed(1)} ms (target < ${TARGET_MS} ms)`);
    if (worst >= TARGET_MS) exitCode = 1;
  } finally {
    await server.close();
    await appInternals(app).writer.idle();
    await sql.end();
    await database.close();
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  if (process.env.BENCH_KEEP_DB === '1' || reuse) {
    log(`kept database ${dbName}`);
  } else {
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  }
  await admin.end();
}
process.exit(exitCode);
