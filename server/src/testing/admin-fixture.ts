/**
 * Test fixture for the admin API: the app fixture (site "shop") plus a second site "b2b", an owner, a site admin
 * and a viewer of "shop", sign-in helpers that carry the session cookie and CSRF token, and a way to put
 * receipts of any age straight into the database (the API only makes receipts "now").
 */
import { randomUUID } from 'node:crypto';
import type { ReceiptClaims } from '@consentgate/shared';
import { createUser } from '../admin/users.js';
import { receipts } from '../db/schema.js';
import type { Db } from '../db/client.js';
import { createSite, type Site } from '../sites/sites.js';
import { openAppFixture, SHOP_CONFIG, type AppFixture } from './app-fixture.js';

export const PASSWORD = 'correct horse battery staple';

export interface AdminFixture extends AppFixture {
  other: Site;
  users: { owner: string; shopAdmin: string; shopViewer: string; b2bAdmin: string };
}

export async function openAdminFixture(env: NodeJS.ProcessEnv = {}): Promise<AdminFixture> {
  const f = await openAppFixture(env);
  const other = await createSite(f.database.db, {
    id: 'b2b',
    name: 'B2B',
    allowedOrigins: ['https://b2b.example'],
    config: SHOP_CONFIG,
  });
  const db = f.database.db;
  const [owner, shopAdmin, shopViewer, b2bAdmin] = await Promise.all([
    createUser(db, { email: 'owner@example.com', password: PASSWORD, role: 'owner' }),
    createUser(db, { email: 'shop-admin@example.com', password: PASSWORD, role: 'site_admin', sites: ['shop'] }),
    createUser(db, { email: 'shop-viewer@example.com', password: PASSWORD, role: 'viewer', sites: ['shop'] }),
    createUser(db, { email: 'b2b-admin@example.com', password: PASSWORD, role: 'site_admin', sites: ['b2b'] }),
  ]);
  return {
    ...f,
    other,
    users: { owner: owner!.email, shopAdmin: shopAdmin!.email, shopViewer: shopViewer!.email, b2bAdmin: b2bAdmin!.email },
  };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  userId: string;
}

interface AppLike {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export async function signIn(app: AppLike, email: string, password = PASSWORD): Promise<SignedIn> {
  const res = await app.request('/v1/admin/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const cookie = /cg_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  const body = (await res.json()) as { csrfToken: string; user: { id: string } };
  if (!cookie) throw new Error('no cg_session cookie');
  return { cookie: `cg_session=${cookie}`, csrfToken: body.csrfToken, userId: body.user.id };
}

/** A request as a signed-in dashboard user (cookie + CSRF header), JSON body when given. */
export function asUser(app: AppLike, who: SignedIn, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return app.request(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** Stores a receipt with the given creation time directly (claims are plausible; the signature is not checked). */
export async function insertReceipt(
  db: Db,
  site: Pick<Site, 'id' | 'policyVersion' | 'configHash'>,
  createdAt: Date,
  subjectId: string = randomUUID(),
): Promise<{ receiptId: string; subjectId: string }> {
  const receiptId = randomUUID();
  const claims: ReceiptClaims = {
    schemaVersion: 1,
    receiptId,
    siteId: site.id,
    subjectId,
    policyVersion: site.policyVersion,
    configHash: site.configHash,
    method: 'accept-all',
    collection: 'banner',
    categories: { necessary: true, analytics: true, marketing: true },
    services: {},
    gpc: false,
    locale: 'en',
    pageUrl: 'https://shop.example/',
    userAgent: null,
    ipNetwork: null,
    clientTime: createdAt.toISOString(),
    serverTime: createdAt.toISOString(),
    validUntil: new Date(createdAt.getTime() + 182 * 86_400_000).toISOString(),
    controller: null,
    policyUrl: null,
    consentMode: null,
  };
  await db.insert(receipts).values({
    siteId: site.id,
    receiptId,
    subjectId,
    createdAt,
    policyVersion: site.policyVersion,
    method: 'accept-all',
    collection: 'banner',
    gpc: false,
    categories: claims.categories,
    claims,
    signature: 'unsigned.test.receipt',
    kid: 'test',
  });
  return { receiptId, subjectId };
}
