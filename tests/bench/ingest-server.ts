/**
 * The server side of the ingest benchmark, run in its own process so the load generator does not share its
 * event loop. `echo`: a bare Hono app that parses and returns JSON. `insert`: a bare Hono app that stores each body
 * with a micro-batched multi-row INSERT into `bench_rows` of BENCH_DATABASE_URL. `receipts`: the real ConsentGate
 * app on the Postgres database in BENCH_DATABASE_URL. Prints "READY <url>" and drains on SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { appInternals, createApp, loadServerConfig, openDatabase, rollupStats, startServer } from '@consentgate/server';

const mode = process.argv[2];

if (mode === 'echo') {
  const app = new Hono();
  app.post('/echo', async (c) => c.json(await c.req.json()));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    console.log(`READY http://127.0.0.1:${info.port}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (mode === 'insert') {
  // The floor under any receipt path, as the spec measured it: parse the body, micro-batch (a batch goes at once when
  // none is in flight), one multi-row INSERT per batch, answer after it committed. No validation, signing or subjects.
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL is required');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const INSERT_SQL = `insert into bench_rows (id, body)
    select (e->>'receiptId')::uuid, e from jsonb_array_elements($1::text::jsonb) as e`;
  type Waiting = { body: string; done: (err?: unknown) => void };
  let queue: Waiting[] = [];
  let inFlight = false;
  const flush = () => {
    if (inFlight || queue.length === 0) return;
    const batch = queue;
    queue = [];
    inFlight = true;
    const rows = `[${batch.map((w) => w.body).join(',')}]`;
    sql
      .unsafe(INSERT_SQL, [rows], { prepare: true })
      .then(
        () => batch.forEach((w) => w.done()),
        (err: unknown) => batch.forEach((w) => w.done(err)),
      )
      .finally(() => {
        inFlight = false;
        flush();
      });
  };
  const app = new Hono();
  app.post('/insert', async (c) => {
    const body = (await c.req.json()) as { receiptId: string };
    await new Promise<void>((resolve, reject) => {
      queue.push({ body: JSON.stringify(body), done: (err) => (err ? reject(err) : resolve()) });
      flush();
    });
    return c.json({ receiptId: body.receiptId }, 201);
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    console.log(`READY http://127.0.0.1:${info.port}`);
  });
  process.on('SIGTERM', () => server.close(() => void sql.end().then(() => process.exit(0))));
} else if (mode === 'receipts') {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL is required');
  const config = loadServerConfig({ ...process.env, DATABASE_URL: url, CG_RATE_LIMIT_RECEIPTS: '0' });
  const database = await openDatabase({ url, max: config.ingestConcurrency + 2 });
  await database.migrate();
  const app = createApp({ database, config });
  const { keys, writer } = appInternals(app);
  await keys.signer();
  const server = await startServer({ app, port: 0, host: '127.0.0.1' });
  // BENCH_ROLLUP_MS: roll the dashboard statistics up to this very moment that often while receipts arrive (the
  // server's own timer lags five minutes, so a 15 s run would otherwise never see it work).
  const rollupMs = Number(process.env.BENCH_ROLLUP_MS || 0);
  let rolledUp = 0;
  let rollup: Promise<unknown> = Promise.resolve();
  const rollupTimer = rollupMs
    ? setInterval(() => {
        rollup = rollup.then(() => rollupStats(database.db, new Date()).then((r) => (rolledUp += r.receipts)));
      }, rollupMs)
    : undefined;
  const elu = performance.eventLoopUtilization();
  console.log(`READY ${server.url}`);
  process.on('SIGTERM', () => {
    console.log(`ELU ${performance.eventLoopUtilization(elu).utilization.toFixed(3)}`);
    void (async () => {
      clearInterval(rollupTimer);
      await rollup;
      if (rollupMs) console.log(`ROLLUP ${rolledUp}`);
      await server.close();
      await writer.idle();
      await database.close();
      const { batches, receipts } = writer.stats();
      console.log(`BATCHES ${batches} ${receipts}`);
      process.exit(0);
    })();
  });
} else {
  throw new Error('usage: ingest-server.ts echo|insert|receipts');
}
