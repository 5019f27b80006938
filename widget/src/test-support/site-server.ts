/**
 * The widget's tests talk to the real ConsentGate server: consent-server-main.ts runs the Hono app with an in-memory
 * PostgreSQL (PGlite) in a child process. In front of it, in this process, a small HTTP front records every request
 * path, serves stand-in tracker scripts that record their hits and set their cookies, and can make
 * `POST /v1/receipts` fail with a chosen status (an outage between browser and server). Everything else is passed
 * through to the real server unchanged. Each test makes its own site, as an operator would, so tests share nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceiptClaims, SiteConsentConfigInput } from '@consentgate/shared';
import { waitFor } from '@testing-library/preact';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { ControlRequest } from './consent-server-main.js';
import { newVisitor } from './page-view.js';

/** The origin of the test page (happy-dom's location in widget/vitest.config.ts): the site allows it. */
export const PAGE_ORIGIN = 'http://www.shop.example';

export interface TestSite {
  id: string;
  policyVersion: number;
  configHash: string;
}

export interface SiteServer {
  url: string;
  /** Every request path (with query) in arrival order. */
  requests: string[];
  /** The same with the method, e.g. `GET /v1/sites/shop-1/config?lang=en`. */
  calls: string[];
  /** When set, POST /v1/receipts answers this status instead of reaching the server. */
  receiptStatus: number | null;
  /** When set, GET /v1/sites/…/config answers this status instead of reaching the server. */
  configStatus: number | null;
  /** POST /v1/receipts reaches the server only after this many milliseconds (a slow network). */
  receiptDelayMs: number;
  /** When true, GET /v1/sites/…/config is never answered (a server that hangs). */
  configHangs: boolean;
  /** GET /v1/sites/…/config reaches the server only after this many milliseconds. */
  configDelayMs: number;
  /** A new site with SHOP_CONFIG (plus `config`) that allows the test page's origin. */
  newSite(config?: Partial<SiteConsentConfigInput>): Promise<TestSite>;
  /** The receipts the server stored for a site, oldest first (their signed claims). */
  receipts(siteId: string): Promise<ReceiptClaims[]>;
  /** Changes a site's consent config as an operator would (a change visitors see bumps the policy version). */
  updateSite(siteId: string, config: Partial<SiteConsentConfigInput>): Promise<TestSite>;
  close(): Promise<void>;
}

export const SHOP_CONFIG: SiteConsentConfigInput = {
  defaultLocale: 'en',
  consentMaxAgeDays: 182,
  reloadOnRevoke: true,
  policyUrl: 'https://www.shop.example/privacy',
  categories: [
    { id: 'necessary', required: true, googleConsent: ['security_storage'] },
    { id: 'preferences' },
    { id: 'analytics', optOutOnGpc: true, googleConsent: ['analytics_storage'] },
    { id: 'marketing', optOutOnGpc: true, googleConsent: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
  ],
  services: [
    { id: 'session', name: 'Shop session', category: 'necessary', cookies: [{ name: 'sid', duration: 'session' }] },
    {
      id: 'etracker',
      name: 'etracker Analytics',
      category: 'analytics',
      description: 'Visit statistics',
      cookies: [{ name: '_et_coid', duration: '2 years', description: 'Visitor id' }],
    },
    { id: 'google-analytics', name: 'Google Analytics', category: 'analytics', cookies: [{ name: '^_ga(_.*)?$', pattern: true, duration: '2 years' }] },
    { id: 'whatsapp', name: 'WhatsApp chat', category: 'marketing', cookies: [] },
  ],
  consentMode: { enabled: true, waitForUpdate: 500, region: ['DE', 'AT'], urlPassthrough: true, adsDataRedaction: true },
  theme: {},
  texts: {},
};

/** A tracker stand-in: records that it ran (in order) and sets its cookie, like the real ones do. */
export function trackerScript(name: string, cookie: string): string {
  return `(window.__ran = window.__ran || []).push(${JSON.stringify(name)}); document.cookie = ${JSON.stringify(cookie)};`;
}

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  // Paths from the string form of import.meta.url: the test DOM replaces the global URL class.
  const main = join(dirname(fileURLToPath(import.meta.url)), 'consent-server-main.ts');
  const child = fork(main, { cwd: dirname(main), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /READY (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`the ConsentGate test server exited (${code}) before it was ready: ${out}`)));
  });
}

export async function startSiteServer(): Promise<SiteServer> {
  const { child, url: upstream } = await startChild();
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (reply: { id: number; result?: unknown; error?: string }) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.result);
  });
  type Message = ControlRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
  const control = <T>(message: Message): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...message, id });
    });
  let sites = 0;

  const state = {
    requests: [] as string[],
    calls: [] as string[],
    receiptStatus: null as number | null,
    configStatus: null as number | null,
    receiptDelayMs: 0,
    configHangs: false,
    configDelayMs: 0,
  };
  const pass = (req: IncomingMessage, res: ServerResponse) => {
    const target = new URL(req.url!, upstream);
    const forward = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(forward);
  };
  const front = createServer((req, res) => {
    const url = new URL(req.url!, 'http://front');
    state.requests.push(url.pathname + url.search);
    state.calls.push(`${req.method} ${url.pathname}${url.search}`);
    // Stand-ins for trackers: /trackers/<name>.js, and paths that look like known trackers' own (/matomo.js, /code/e.js).
    const tracker = /^\/(?:trackers\/(.+)|(matomo|piwik)|code\/(e))\.js$/.exec(url.pathname);
    if (tracker) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
      const name = tracker[1] ?? tracker[2] ?? 'etracker';
      return void res.end(trackerScript(name, url.searchParams.get('cookie') || `${name}=1; path=/`));
    }
    const config = req.method == 'GET' && /^\/v1\/sites\/[^/]+\/config$/.test(url.pathname);
    // Left open: the connection ends when the browser gives up or the server closes.
    if (config && state.configHangs) return void req.resume();
    const failWith = url.pathname == '/v1/receipts' && req.method == 'POST' ? state.receiptStatus : config ? state.configStatus : null;
    if (failWith) {
      req.resume();
      res.writeHead(failWith, { 'content-type': 'application/json', 'access-control-allow-origin': PAGE_ORIGIN });
      return void res.end(JSON.stringify({ error: { code: 'unavailable', message: 'failure chosen by the test' } }));
    }
    const delay = url.pathname == '/v1/receipts' && req.method == 'POST' ? state.receiptDelayMs : config ? state.configDelayMs : 0;
    if (delay) {
      req.pause();
      return void setTimeout(() => pass(req, res), delay);
    }
    pass(req, res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));

  return Object.assign(state, {
    url: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    newSite: (config: Partial<SiteConsentConfigInput> = {}) =>
      control<TestSite>({ op: 'create-site', siteId: `shop-${++sites}`, origin: PAGE_ORIGIN, config: { ...SHOP_CONFIG, ...config } }),
    receipts: (siteId: string) => control<ReceiptClaims[]>({ op: 'receipts', siteId }),
    updateSite: (siteId: string, patch: Partial<SiteConsentConfigInput>) => control<TestSite>({ op: 'update-site', siteId, config: patch }),
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  });
}

export interface TestSiteContext {
  /** The real server, started once for the test file. */
  readonly server: SiteServer;
  /** A new site for each test, so tests share nothing. */
  readonly site: TestSite;
  /** What the server stored for this test's site. */
  stored(): Promise<ReceiptClaims[]>;
  /** Waits until the server stored `n` receipts for this test's site. */
  storedCount(n: number): Promise<void>;
}

/** Registers the hooks a widget test file needs: the server for the file, a new visitor and a new site per test. */
export function useTestSite(): TestSiteContext {
  let server: SiteServer | undefined;
  let site: TestSite | undefined;
  beforeAll(async () => {
    server = await startSiteServer();
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    newVisitor();
    server!.requests.length = 0;
    server!.calls.length = 0;
    server!.receiptStatus = null;
    server!.configStatus = null;
    server!.receiptDelayMs = 0;
    server!.configHangs = false;
    server!.configDelayMs = 0;
    site = await server!.newSite();
  });
  const context: TestSiteContext = {
    get server() {
      return server!;
    },
    get site() {
      return site!;
    },
    stored: () => server!.receipts(site!.id),
    storedCount: (n) => waitFor(async () => expect(await context.stored()).toHaveLength(n)),
  };
  return context;
}
