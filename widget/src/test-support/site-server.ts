/**
 * A real HTTP server that follows ConsentGate's public contract closely enough for the widget's tests: site config,
 * receipts (201, 200 on repeat, or a chosen failure), the visitor self-service routes with subject-secret checks,
 * and stand-in tracker scripts that record their hits. CORS is open like the real server's widget routes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { textsFor } from '@consentgate/shared/i18n';
import type { PublicSiteConfig, ReceiptInput, SignedReceipt } from '@consentgate/shared/schemas';

export interface SiteServer {
  url: string;
  config: PublicSiteConfig;
  /** Every request path (with query) in arrival order. */
  requests: string[];
  receipts: ReceiptInput[];
  /** When set, POST /v1/receipts answers this status instead of storing. */
  receiptStatus: number | null;
  close(): Promise<void>;
}

export const SHOP_CONFIG: PublicSiteConfig = {
  siteId: 'shop',
  policyVersion: 1,
  configHash: 'hash-v1',
  locale: 'en',
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

function cors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-headers', 'content-type, authorization');
  res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** A tracker stand-in: records that it ran (in order) and sets its cookie, like the real ones do. */
export function trackerScript(name: string, cookie: string): string {
  return `(window.__ran = window.__ran || []).push(${JSON.stringify(name)}); document.cookie = ${JSON.stringify(cookie)};`;
}

export async function startSiteServer(config: Partial<PublicSiteConfig> = {}): Promise<SiteServer> {
  const state: SiteServer = {
    url: '',
    config: { ...SHOP_CONFIG, ...config },
    requests: [],
    receipts: [],
    receiptStatus: null,
    close: async () => {},
  };
  const signed = (r: ReceiptInput, i: number): SignedReceipt => {
    const { subjectSecret: _secret, ...claims } = r;
    return {
      ...claims,
      consentMode: r.consentMode ?? null,
      userAgent: null,
      ipNetwork: null,
      serverTime: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      validUntil: new Date(Date.UTC(2026, 6, 1 + i)).toISOString(),
      controller: null,
      policyUrl: null,
      signature: `sig-${i}`,
    };
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    state.requests.push(url.pathname + url.search);
    cors(res);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method == 'OPTIONS') return void res.writeHead(204).end();
    // Like the real server: `config.texts` holds the site's own texts, the response the complete language.
    if (url.pathname == `/v1/sites/${state.config.siteId}/config`) {
      return json(200, { ...state.config, texts: textsFor(state.config.locale, state.config.texts) });
    }
    if (url.pathname == '/v1/receipts' && req.method == 'POST') {
      const receipt = JSON.parse(await body(req)) as ReceiptInput;
      if (state.receiptStatus) return json(state.receiptStatus, { error: { code: 'unavailable', message: 'chosen failure' } });
      const known = state.receipts.findIndex((r) => r.receiptId == receipt.receiptId);
      if (known >= 0) return json(200, signed(state.receipts[known]!, known));
      state.receipts.push(receipt);
      return json(201, signed(receipt, state.receipts.length - 1));
    }
    const subject = /^\/v1\/subjects\/([^/]+)(\/receipts)?$/.exec(url.pathname);
    if (subject) {
      const mine = state.receipts.filter((r) => r.subjectId == subject[1] && r.siteId == url.searchParams.get('siteId'));
      if (!mine.length) return json(404, { error: { code: 'not_found', message: 'unknown subject' } });
      if (req.headers.authorization != `Bearer ${mine[0]!.subjectSecret}`) {
        return json(403, { error: { code: 'subject_secret_mismatch', message: 'wrong secret' } });
      }
      if (req.method == 'DELETE' && !subject[2]) {
        state.receipts = state.receipts.filter((r) => !mine.includes(r));
        return json(200, { deleted: mine.length });
      }
      const list = mine.map((r) => signed(r, state.receipts.indexOf(r))).reverse();
      if (url.searchParams.get('format') == 'csv') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        return void res.end(['receiptId,method', ...list.map((r) => `${r.receiptId},${r.method}`)].join('\n'));
      }
      return json(200, { receipts: list });
    }
    const tracker = /^\/trackers\/(.+)\.js$/.exec(url.pathname);
    if (tracker) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      const cookie = url.searchParams.get('cookie') || `${tracker[1]}=1; path=/`;
      return void res.end(trackerScript(tracker[1]!, cookie));
    }
    json(404, { error: { code: 'not_found', message: url.pathname } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return state;
}
