/**
 * `pnpm start` stopped the way a process manager or `kill <pid>` stops it: SIGTERM to the pnpm process alone (not
 * to its process group). The server must still drain — every receipt it answered 201 is stored — and then stop,
 * instead of running on, orphaned, with the port and the database.
 *
 * Runs after every other project (vitest.config.ts, groupOrder): `pnpm start` rebuilds widget and dashboard, which
 * the other tests serve.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFreshDatabase, type FreshDatabase } from '../e2e/support/fresh-postgres.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let db: FreshDatabase;
/** The data folder (the demo keeps its dashboard password there), apart from the developer's own `.data/`. */
let dataDir: string;
let pnpm: ChildProcess | undefined;

beforeAll(async () => {
  db = await createFreshDatabase('cg_start');
  dataDir = mkdtempSync(join(tmpdir(), 'cg-start-'));
});
afterAll(async () => {
  // Safety net if the test failed half-way: the whole group (pnpm, its shell, the server).
  if (pnpm?.pid) {
    try {
      process.kill(-pnpm.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The pnpm running this test run (npm_execpath, when pnpm started it), else the one on PATH. */
function spawnPnpm(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const execpath = process.env.npm_config_user_agent?.startsWith('pnpm/') ? process.env.npm_execpath : undefined;
  const [command, prefix] =
    execpath === undefined ? ['pnpm', []] : /\.[cm]?js$/.test(execpath) ? [process.execPath, [execpath]] : [execpath, []];
  // detached: pnpm leads its own process group, so the signal below reaches pnpm alone, as from a process manager.
  return spawn(command, [...prefix, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

interface Config {
  policyVersion: number;
  configHash: string;
  categories: Array<{ id: string }>;
}

function acceptAll(config: Config, url: string) {
  return {
    schemaVersion: 1,
    receiptId: randomUUID(),
    siteId: 'demo-shop',
    subjectId: randomUUID(),
    subjectSecret: randomBytes(32).toString('base64url'),
    policyVersion: config.policyVersion,
    configHash: config.configHash,
    method: 'accept-all',
    collection: 'banner',
    categories: Object.fromEntries(config.categories.map((c) => [c.id, true])),
    services: {},
    gpc: false,
    locale: 'en',
    // The demo page's own address: a receipt names the page it was given on, on an origin of the site.
    pageUrl: `${url}/demo/shop/`,
    clientTime: new Date().toISOString(),
  };
}

it('drains and stops when only the pnpm process gets SIGTERM', { timeout: 120_000 }, async () => {
  pnpm = spawnPnpm(['start'], { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, CG_DATA_DIR: dataDir, CG_RATE_LIMIT_RECEIPTS: '0' });
  let output = '';
  // The streams end when every process holding them has exited: pnpm, and the server it started.
  const allExited = Promise.all(
    [pnpm.stdout, pnpm.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
          stream?.on('close', resolve);
        }),
    ),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm start did not come up:\n${output}`)), 100_000);
    pnpm?.stdout?.on('data', () => {
      const found = /running on (http:\/\/\S+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    pnpm?.on('exit', (code) => reject(new Error(`pnpm start exited (${code}) before it was up:\n${output}`)));
  });
  const config = (await (await fetch(`${url}/v1/sites/demo-shop/config?locale=en`)).json()) as Config;

  // Receipts keep coming, one after the other on four connections, until the server stops taking them.
  const acknowledged: string[] = [];
  let refused = 0;
  const sender = async () => {
    for (;;) {
      const receipt = acceptAll(config, url);
      try {
        const res = await fetch(`${url}/v1/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(receipt),
        });
        await res.arrayBuffer();
        if (res.status === 201) acknowledged.push(receipt.receiptId);
        else refused++;
      } catch {
        return; // connection refused or closed: the server has stopped listening
      }
    }
  };
  const senders = Promise.all([sender(), sender(), sender(), sender()]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  pnpm.kill('SIGTERM');

  const stopped = await Promise.race([
    allExited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
  ]);
  expect(stopped, `still running 30 s after pnpm got SIGTERM:\n${output}`).toBe(true);
  await senders;
  expect(output).toContain('SIGTERM received: draining requests');
  expect(output).toContain('stopped cleanly');
  expect(refused).toBe(0);
  expect(acknowledged.length).toBeGreaterThan(0);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  const stored = await db.sql<Array<{ id: string }>>`
    select receipt_id::text as id from receipts where site_id = 'demo-shop' and receipt_id = any(${acknowledged}::uuid[])`;
  expect(stored.length).toBe(acknowledged.length);
});

it('refuses a bad setting and a taken port before it builds anything', { timeout: 60_000 }, async () => {
  const run = (env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawnPnpm(['start'], { ...process.env, HOST: '127.0.0.1', DATABASE_URL: db.url, CG_DATA_DIR: dataDir, ...env });
      let output = '';
      for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (code) => resolve({ code, output }));
    });
  const bad = await run({ PORT: 'abc' });
  expect(bad.code).not.toBe(0);
  expect(bad.output).toContain('error: PORT must be an integer ≥ 0, got "abc"');
  // The build would have printed vite's "built in …" lines before the server read its settings.
  expect(bad.output).not.toMatch(/built in/);

  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  try {
    const port = (taken.address() as AddressInfo).port;
    const busy = await run({ PORT: String(port) });
    expect(busy.code).not.toBe(0);
    expect(busy.output).toContain(`error: port ${port} is in use (is ConsentGate already running?): stop it or set PORT`);
    expect(busy.output).not.toMatch(/built in/);
  } finally {
    taken.close();
  }
});
