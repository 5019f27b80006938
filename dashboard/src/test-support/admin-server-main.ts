/**
 * The real ConsentGate app with a fresh embedded PostgreSQL (PGlite), listening on a free port, with the sites,
 * users and receipts the dashboard tests look at. Run as its own Node process by admin-server.ts (the global setup);
 * prints `READY <json>` with an AdminServerInfo once it listens, and shuts down cleanly on SIGTERM.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SiteConsentConfigInput } from '@consentgate/shared';
import { appInternals, createApp, createSite, createUser, getSite, loadServerConfig, openDatabase, startServer } from '@consentgate/server';
import type { AdminServerInfo, SeededReceipt } from './admin-server-info.js';

const CONFIG: SiteConsentConfigInput = {
  controller: { name: 'Example Shop GmbH', contact: 'privacy@shop.example' },
  policyUrl: 'https://shop.example/privacy',
  categories: [{ id: 'necessary', required: true }, { id: 'analytics', optOutOnGpc: true }, { id: 'marketing', optOutOnGpc: true }],
  services: [{ id: 'etracker', name: 'etracker Analytics', category: 'analytics', cookies: [{ name: '_et_coid' }] }],
  texts: { de: { serviceTexts: { etracker: { name: 'etracker Besuchsanalyse', description: 'Zählt Besuche.' } } } },
  defaultLocale: 'en',
};
const ORIGIN = 'https://shop.example';

/** The shop's receipts: 3 accept-all, 1 reject-all (in German), 2 custom (analytics only); one subject has two of them. */
const CHOICES: Array<Pick<SeededReceipt, 'method'> & { categories: Record<string, boolean>; locale?: 'de' }> = [
  { method: 'accept-all', categories: { necessary: true, analytics: true, marketing: true } },
  { method: 'accept-all', categories: { necessary: true, analytics: true, marketing: true } },
  { method: 'accept-all', categories: { necessary: true, analytics: true, marketing: true } },
  { method: 'reject-all', categories: { necessary: true, analytics: false, marketing: false }, locale: 'de' },
  { method: 'custom', categories: { necessary: true, analytics: true, marketing: false } },
  { method: 'custom', categories: { necessary: true, analytics: true, marketing: false } },
];

async function main() {
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  const config = loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_STATS_ROLLUP_MS: '0', CG_WIDGET_DIR: '/nonexistent', CG_DASHBOARD_DIR: '/nonexistent' });
  const app = createApp({ database, config });
  await appInternals(app).keys.signer();
  const sites = ['shop', 'settings-demo', 'subjects-demo'];
  for (const id of sites) await createSite(database.db, { id, name: `Site ${id}`, allowedOrigins: [ORIGIN], config: CONFIG });

  const password = randomBytes(12).toString('base64url');
  await createUser(database.db, { email: 'owner@example.com', password, role: 'owner' });
  await createUser(database.db, { email: 'viewer@example.com', password, role: 'viewer', sites: ['shop'] });

  const post = async (siteId: string, choice: (typeof CHOICES)[number], subject = { id: randomUUID(), secret: randomBytes(32).toString('base64url') }) => {
    const body = {
      schemaVersion: 1,
      receiptId: randomUUID(),
      siteId,
      subjectId: subject.id,
      subjectSecret: subject.secret,
      policyVersion: 1,
      configHash: (await getSite(database.db, siteId))!.configHash,
      method: choice.method,
      collection: 'banner',
      categories: choice.categories,
      services: { etracker: choice.categories.analytics ?? false },
      gpc: false,
      locale: choice.locale ?? 'en',
      pageUrl: 'https://shop.example/',
      clientTime: new Date().toISOString(),
    };
    const res = await app.request('/v1/receipts', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`seeding a receipt failed: ${res.status} ${await res.text()}`);
    return { receiptId: body.receiptId, subjectId: body.subjectId, method: choice.method } satisfies SeededReceipt;
  };

  const repeat = { id: randomUUID(), secret: randomBytes(32).toString('base64url') };
  const shop: SeededReceipt[] = [];
  for (const [i, choice] of CHOICES.entries()) shop.push(await post('shop', choice, i >= 4 ? repeat : undefined));
  const subjects: SeededReceipt[] = [];
  for (const choice of CHOICES.slice(0, 3)) subjects.push(await post('subjects-demo', choice, repeat));
  // As an earlier version allowed (and no GPC receipt could then satisfy): "necessary" refused under GPC.
  await database.preparedQuery(`update sites set config = jsonb_set(config, '{categories,0,optOutOnGpc}', 'true') where id = $1`, ['subjects-demo']);

  const server = await startServer({ app, port: 0 });
  const info: AdminServerInfo = {
    url: server.url,
    publicUrl: config.publicUrl,
    password,
    owner: 'owner@example.com',
    viewer: 'viewer@example.com',
    shop,
    subjects,
  };
  process.once('SIGTERM', () => {
    void (async () => {
      await server.close();
      await appInternals(app).writer.idle();
      await database.close();
      process.exit(0);
    })();
  });
  console.log(`READY ${JSON.stringify(info)}`);
}

await main();
