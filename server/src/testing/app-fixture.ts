/**
 * Test fixture: a fresh migrated database (PGlite or real Postgres, per vitest project), one site,
 * the real app, and a helper that makes a valid receipt body. Used by the server's own tests only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ReceiptInput, SiteConsentConfigInput } from '@consentgate/shared';
import { createApp } from '../app.js';
import { loadServerConfig, type ServerConfig } from '../config.js';
import { openTestDatabase, type TestDatabase } from '../db/test-database.js';
import { createSite, type Site } from '../sites/sites.js';

export const SITE_ORIGIN = 'https://shop.example';

export const SHOP_CONFIG: SiteConsentConfigInput = {
  controller: { name: 'Example Shop GmbH', contact: 'privacy@shop.example' },
  jurisdiction: 'EU',
  policyUrl: 'https://shop.example/privacy',
  categories: [
    { id: 'necessary', required: true },
    { id: 'analytics', optOutOnGpc: true, googleConsent: ['analytics_storage'] },
    { id: 'marketing', optOutOnGpc: true },
  ],
  services: [{ id: 'etracker', name: 'etracker Analytics', category: 'analytics', cookies: [{ name: '_et_coid' }] }],
  texts: { de: { bannerTitle: 'Wir verwenden Cookies' } },
  defaultLocale: 'en',
  consentMaxAgeDays: 182,
};

export interface AppFixture {
  database: TestDatabase;
  config: ServerConfig;
  app: OpenAPIHono;
  site: Site;
  receiptCount(): Promise<number>;
  subjectCount(): Promise<number>;
  close(): Promise<void>;
}

export async function openAppFixture(env: NodeJS.ProcessEnv = {}): Promise<AppFixture> {
  const database = await openTestDatabase();
  const config = loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_WIDGET_DIR: '/nonexistent-widget-dir', ...env });
  const site = await createSite(database.db, { id: 'shop', name: 'Shop', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
  const app = createApp({ database, config });
  const count = async (table: 'receipts' | 'subjects') => {
    const rows = await database.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
    const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: Array<{ n: number }> }).rows;
    return Number(list[0]?.n ?? 0);
  };
  return {
    database,
    config,
    app,
    site,
    receiptCount: () => count('receipts'),
    subjectCount: () => count('subjects'),
    close: () => database.close(),
  };
}

export function newSubject() {
  return { subjectId: randomUUID(), subjectSecret: randomBytes(32).toString('base64url') };
}

/** Decisions for SHOP_CONFIG that agree with `method`; a custom choice allows analytics only. */
function categoriesFor(method: ReceiptInput['method']): Record<string, boolean> {
  if (method === 'accept-all') return { necessary: true, analytics: true, marketing: true };
  if (method === 'custom') return { necessary: true, analytics: true, marketing: false };
  return { necessary: true, analytics: false, marketing: false };
}

/**
 * A receipt for SHOP_CONFIG that the server accepts: categories agree with the method, and each service follows its
 * category, unless `overrides` says otherwise.
 */
export function validReceipt(site: Pick<Site, 'id' | 'policyVersion' | 'configHash'>, overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  const method = overrides.method ?? 'custom';
  const categories = overrides.categories ?? categoriesFor(method);
  return {
    schemaVersion: 1,
    receiptId: randomUUID(),
    siteId: site.id,
    ...newSubject(),
    policyVersion: site.policyVersion,
    configHash: site.configHash,
    method,
    collection: 'preferences',
    categories,
    services: { etracker: categories.analytics === true },
    gpc: false,
    locale: 'de',
    pageUrl: 'https://jane:hunter2@shop.example/checkout?step=2&email=a@b.example#pay',
    clientTime: new Date().toISOString(),
    consentMode: { analytics_storage: categories.analytics ? 'granted' : 'denied', ad_storage: categories.marketing ? 'granted' : 'denied' },
    ...overrides,
  };
}

export async function postReceipt(
  app: OpenAPIHono,
  body: unknown,
  /** A header set to undefined is not sent (e.g. `origin: undefined`: a request not from a web page). */
  init: { headers?: Record<string, string | undefined>; raw?: string | Uint8Array<ArrayBuffer> } = {},
): Promise<Response> {
  const headers = Object.entries({ 'content-type': 'application/json', origin: SITE_ORIGIN, ...init.headers });
  return app.request('/v1/receipts', {
    method: 'POST',
    headers: Object.fromEntries(headers.filter((entry): entry is [string, string] => entry[1] !== undefined)),
    body: init.raw ?? JSON.stringify(body),
  });
}
