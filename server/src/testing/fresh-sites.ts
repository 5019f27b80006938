/**
 * For property tests that make a new site per run, so runs share nothing: one app fixture for the file, a site
 * maker, and receipt rows to insert straight into the database with the columns the statistics and the search read.
 */
import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { ConsentMethod, ReceiptClaims } from '@consentgate/shared';
import { afterAll, beforeAll } from 'vitest';
import { receipts } from '../db/schema.js';
import { createSite, type Site } from '../sites/sites.js';
import { openAppFixture, SHOP_CONFIG, SITE_ORIGIN, type AppFixture } from './app-fixture.js';

export function useFreshSites(prefix: string): { readonly fixture: AppFixture; newSite(): Promise<Site> } {
  let fixture: AppFixture | undefined;
  let made = 0;
  beforeAll(async () => {
    fixture = await openAppFixture();
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return {
    get fixture() {
      return fixture!;
    },
    newSite: () => createSite(fixture!.database.db, { id: `${prefix}-${++made}`, name: prefix, allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG }),
  };
}

/**
 * A receipt row of `site` created at `createdAt` (a Date, or SQL for a time a Date cannot carry), unsigned: its claims
 * hold just its id, which is all the search hands through; the statistics read only the columns.
 */
export function bareReceiptRow(
  site: Pick<Site, 'id' | 'policyVersion'>,
  createdAt: Date | SQL,
  fields: { method?: ConsentMethod; categories?: Record<string, boolean> } = {},
): PgInsertValue<typeof receipts> & { receiptId: string } {
  const receiptId = randomUUID();
  return {
    siteId: site.id,
    receiptId,
    subjectId: randomUUID(),
    createdAt,
    policyVersion: site.policyVersion,
    method: fields.method ?? 'accept-all',
    collection: 'banner',
    gpc: false,
    categories: fields.categories ?? { necessary: true },
    claims: { receiptId } as ReceiptClaims,
    signature: 'unsigned.test.receipt',
    kid: 'test',
  };
}
