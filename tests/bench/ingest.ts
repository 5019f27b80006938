/**
 * `pnpm bench:ingest`: bare Hono JSON echo vs. the real POST /v1/receipts on real Postgres, same machine, same run,
 * with a plain micro-batched INSERT of the same bodies between them (the floor under any receipt path).
 * autocannon, loopback, 64 connections, 15 s each (BENCH_SECONDS / BENCH_CONNECTIONS override). Every request
 * carries a new receiptId and subject. Afterwards the stored rows must equal the 2xx count, or the run fails.
 * Database: a fresh one created on DATABASE_URL (or the local test server) and dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { createSite, openDatabase } from '@consentgate/server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BASE_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ORIGIN = 'https://shop.example';
const here = fileURLToPath(new URL('.', import.meta.url));

interface Site {
  id: string;
  policyVersion: number;
  configHash: string;
}

/**
 * A body maker: every call gives a new receiptId, subject and secret. The JSON is built once with placeholders and
 * the fresh values are spliced in, so the load generator (on the same cores as the server) spends little per request.
 */
function receiptBodies(site: Site): () => string {
  const RECEIPT = '00000000-0000-4000-8000-00000000000a';
  const SUBJECT = '00000000-0000-4000-8000-00000000000b';
  const SECRET = 'S'.repeat(43);
  const TIME = '2000-01-01T00:00:00.000Z';
  const template = JSON.stringify({
    schemaVersion: 1,
    receiptId: RECEIPT,
    siteId: site.id,
    subjectId: SUBJECT,
    subjectSecret: SECRET,
    policyVersion: site.policyVersion,
    configHash: site.configHash,
    method: 'custom',
    collection: 'preferences',
    categories: { necessary: true, preferences: false, analytics: true, marketing: false },
    services: { etracker: true, whatsapp: false, 'google-analytics': false },
    gpc: false,
    locale: 'de',
    pageUrl: 'https://shop.example/produkte/kategorie/artikel-12345?utm_source=newsletter',
    clientTime: TIME,
    consentMode: { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
  });
  const parts = template.split(new RegExp(`${RECEIPT}|${SUBJECT}|${SECRET}|${TIME}`));
  if (parts.length !== 5) throw new Error('body template: placeholders not found');
  const [a, b, c, d, e] = parts as [string, string, string, string, string];
  let time = new Date().toISOString();
  let timeAt = Date.now();
  return () => {
    if (Date.now() - timeAt > 100) {
      timeAt = Date.now();
      time = new Date(timeAt).toISOString();
    }
    // 43 base64url characters, like the widget's 32 random bytes.
    const secret = randomBytes(32).toString('base64url');
    return a + randomUUID() + b + randomUUID() + c + secret + d + time + e;
  };
}

function startChild(mode: 'echo' | 'insert' | 'receipts', env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server process (for tuning).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'ingest-server.ts', mode], {
    cwd: here,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) resolve({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code}): ${out}`)));
  });
}

/** Stops a server; resolves with its exit code and what it printed while stopping. */
function stopChild(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve({ code, output }));
    child.kill('SIGTERM');
  });
}

/**
 * CPU seconds a process has used so far, from /proc (Linux; undefined elsewhere or for a process on another host).
 * Per-request CPU stays comparable when other work shares the machine, unlike req/s.
 */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (always 100)
  } catch {
    return undefined;
  }
}

/** CPU of this process (the load generator), the server process, and the PostgreSQL backends of `dbName`. */
async function cpuSnapshot(server: ChildProcess, probe: postgres.Sql | null): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const own = process.cpuUsage();
  out.set('load', (own.user + own.system) / 1e6);
  const serverCpu = cpuSecondsOf(server.pid);
  if (serverCpu !== undefined) out.set('server', serverCpu);
  if (probe) {
    const rows = await probe`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    for (const { pid } of rows) {
      const cpu = cpuSecondsOf(pid as number);
      if (cpu !== undefined) out.set(`pg:${pid as number}`, cpu);
    }
  }
  return out;
}

/** µs of CPU per request for the load generator, the server and PostgreSQL between two snapshots. */
function cpuPerRequest(before: Map<string, number>, after: Map<string, number>, requests: number): string {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const us = (seconds: number) => `${((seconds * 1e6) / Math.max(1, requests)).toFixed(0)} µs`;
  const pg = [...after.keys()].filter((k) => k.startsWith('pg:')).reduce((sum, k) => sum + delta(k), 0);
  const parts = [`autocannon ${us(delta('load'))}`];
  if (after.has('server')) parts.push(`server ${us(delta('server'))}`);
  if ([...after.keys()].some((k) => k.startsWith('pg:'))) parts.push(`PostgreSQL backends ${us(pg)}`);
  return `CPU per request: ${parts.join(', ')}`;
}

/** Runs the load; `acknowledged` collects the receiptId of every 2xx answer (null for the echo run). */
function load(url: string, path: string, makeBody: () => string, acknowledged: Set<string> | null): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}${path}`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: makeBody() }),
        onResponse: (status, body) => {
          if (acknowledged && status >= 200 && status < 300) {
            const id = /"receiptId":"([0-9a-f-]{36})"/.exec(body)?.[1];
            if (id) acknowledged.add(id);
          }
        },
      },
    ],
  });
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
}

function summarise(name: string, r: autocannon.Result): Row {
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], bad: r.non2xx + r.errors + r.timeouts };
}

/**
 * Stored rows must be exactly the acknowledged requests, plus those autocannon abandoned at the deadline: it stops
 * without waiting for requests in flight, which the server still commits (it drains on SIGTERM), so up to one per
 * connection may be stored without autocannon counting its 2xx.
 */
function checkStored(name: string, stored: Set<string>, acknowledged: Set<string>, result: Row): boolean {
  const lost = [...acknowledged].filter((id) => !stored.has(id)).length;
  const cutOff = stored.size - result.ok;
  console.log(
    `${name}: stored rows ${stored.size} = 2xx answers ${result.ok} + ${cutOff} in flight at the deadline (allowed 0…${CONNECTIONS}); ` +
      `acknowledged but missing from the database: ${lost}`,
  );
  if (acknowledged.size !== result.ok || lost > 0 || cutOff < 0 || cutOff > CONNECTIONS) {
    console.log(`FAILED: ${name}: stored rows do not match the acknowledged requests`);
    return false;
  }
  console.log(`OK: ${name}: every acknowledged request is stored, and nothing else but the cut-off requests`);
  return true;
}

const dbName = `cg_bench_${randomBytes(5).toString('hex')}`;
const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${dbName}"`);
const benchUrl = new URL(BASE_URL);
benchUrl.pathname = `/${dbName}`;
let exitCode = 0;
try {
  const database = await openDatabase({ url: benchUrl.toString(), max: 2 });
  await database.migrate();
  const site = await createSite(database.db, {
    id: 'shop',
    name: 'Bench shop',
    allowedOrigins: [ORIGIN],
    // The receipt body decides each of these categories and services, as the widget's receipts do.
    config: {
      categories: [{ id: 'necessary', required: true }, { id: 'preferences' }, { id: 'analytics' }, { id: 'marketing' }],
      services: [
        { id: 'etracker', name: 'etracker Analytics', category: 'analytics' },
        { id: 'whatsapp', name: 'WhatsApp chat', category: 'marketing' },
        { id: 'google-analytics', name: 'Google Analytics', category: 'analytics' },
      ],
    },
  });
  const receiptBody = receiptBodies(site);
  const sample = receiptBody();
  console.log(`body ≈ ${Buffer.byteLength(sample)} bytes, ${CONNECTIONS} connections, ${SECONDS} s per run, database ${dbName}`);

  const echo = await startChild('echo');
  const echoBefore = await cpuSnapshot(echo.child, null);
  const echoResult = summarise('bare Hono JSON echo', await load(echo.url, '/echo', receiptBody, null));
  const echoCpu = cpuPerRequest(echoBefore, await cpuSnapshot(echo.child, null), echoResult.ok + echoResult.bad);
  await stopChild(echo.child);

  const probe = postgres(benchUrl.toString(), { max: 1, onnotice: () => {} });
  await probe`create table bench_rows (id uuid primary key, body jsonb not null)`;
  const plain = await startChild('insert', { BENCH_DATABASE_URL: benchUrl.toString() });
  const plainAcknowledged = new Set<string>();
  const plainBefore = await cpuSnapshot(plain.child, probe);
  const plainResult = summarise('plain batched INSERT', await load(plain.url, '/insert', receiptBody, plainAcknowledged));
  const plainCpu = cpuPerRequest(plainBefore, await cpuSnapshot(plain.child, probe), plainResult.ok + plainResult.bad);
  const plainStop = await stopChild(plain.child);
  const plainStored = new Set((await probe`select id::text as id from bench_rows`).map((r) => r.id as string));

  const real = await startChild('receipts', { BENCH_DATABASE_URL: benchUrl.toString() });
  const acknowledged = new Set<string>();
  const realBefore = await cpuSnapshot(real.child, probe);
  const realResult = summarise(
    'POST /v1/receipts (Postgres)',
    await load(real.url, '/v1/receipts', receiptBody, acknowledged),
  );
  const realCpu = cpuPerRequest(realBefore, await cpuSnapshot(real.child, probe), realResult.ok + realResult.bad);
  const { code, output } = await stopChild(real.child);
  const [, batches, batched] = /BATCHES (\d+) (\d+)/.exec(output) ?? [];
  const rolledUp = /ROLLUP (\d+)/.exec(output)?.[1];
  const elu = /ELU ([\d.]+)/.exec(output)?.[1];

  const storedIds = new Set((await probe`select receipt_id::text as id from receipts`).map((r) => r.id as string));
  await probe.end();
  await database.close();

  const ratio = realResult.rps / echoResult.rps;
  const fmt = (row: Row) =>
    `${row.name.padEnd(30)} ${row.rps.toFixed(0).padStart(8)} req/s   p50 ${String(row.p50).padStart(4)} ms   p99 ${String(row.p99).padStart(4)} ms   2xx ${row.ok}   other ${row.bad}`;
  console.log(fmt(echoResult));
  console.log(`  ${echoCpu}`);
  console.log(fmt(plainResult));
  console.log(`  ${plainCpu}; ratio to the echo ${(plainResult.rps / echoResult.rps).toFixed(2)} (no validation, signing or subjects)`);
  console.log(fmt(realResult));
  console.log(`  ${realCpu}${batches ? `; ${batches} batches, ${(Number(batched) / Number(batches)).toFixed(1)} receipts per batch` : ''}${elu ? `; server event loop busy ${(Number(elu) * 100).toFixed(0)} %` : ''}`);
  if (rolledUp) console.log(`  statistics rolled up every ${process.env.BENCH_ROLLUP_MS} ms during the run: ${rolledUp} receipts counted`);
  console.log(`ratio ${ratio.toFixed(2)} (target ≥ 0.50), receipts p99 ${realResult.p99} ms (target < 50 ms)`);
  const plainOk = checkStored('plain INSERT', plainStored, plainAcknowledged, plainResult);
  const realOk = checkStored('receipts', storedIds, acknowledged, realResult);
  if (!plainOk || !realOk) exitCode = 1;
  for (const [name, result, exit] of [
    ['plain INSERT', plainResult, plainStop.code],
    ['receipts', realResult, code],
  ] as const) {
    if (result.bad > 0) {
      console.log(`non-2xx answers or errors during the ${name} run: ${result.bad}`);
      exitCode = 1;
    }
    if (exit !== 0) {
      console.log(`${name} server exited with ${exit}`);
      exitCode = 1;
    }
  }
} finally {
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
}
process.exit(exitCode);
