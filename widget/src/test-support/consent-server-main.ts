/**
 * The real ConsentGate server (Hono app, embedded PostgreSQL in memory) for the widget's tests, run as its own Node
 * process by consent-server.ts so it loads exactly as in production, outside the test DOM. Prints `READY <url>` once it
 * listens. Over the IPC channel the tests ask what was stored and change sites as an operator would.
 */
import { asc, eq } from 'drizzle-orm';
import type { SiteConsentConfigInput } from '@consentgate/shared';
import { appInternals, createApp, createSite, loadServerConfig, openDatabase, schema, startServer, updateSiteConfig, type Site } from '@consentgate/server';

/** Messages from consent-server.ts. */
export type ControlRequest =
  | { id: number; op: 'create-site'; siteId: string; origin: string; config: SiteConsentConfigInput }
  | { id: number; op: 'update-site'; siteId: string; config: Partial<SiteConsentConfigInput> }
  | { id: number; op: 'receipts'; siteId: string };

const database = await openDatabase({ dataDir: 'memory://' });
await database.migrate();
const config = loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_STATS_ROLLUP_MS: '0', CG_PURGE_INTERVAL_MS: '0', CG_WIDGET_DIR: '/nonexistent' });
const app = createApp({ database, config });
await appInternals(app).keys.signer();
const server = await startServer({ app, port: 0 });

const summary = ({ id, policyVersion, configHash }: Site) => ({ id, policyVersion, configHash });

async function handle(request: ControlRequest): Promise<unknown> {
  switch (request.op) {
    case 'create-site':
      return summary(await createSite(database.db, { id: request.siteId, name: request.siteId, allowedOrigins: [request.origin], config: request.config }));
    case 'update-site':
      // Merged over the current config; a change to what visitors are shown bumps the policy version.
      return summary(await updateSiteConfig(database.db, request.siteId, { config: request.config }));
    case 'receipts': {
      const rows = await database.db
        .select({ claims: schema.receipts.claims })
        .from(schema.receipts)
        .where(eq(schema.receipts.siteId, request.siteId))
        .orderBy(asc(schema.receipts.createdAt));
      return rows.map((row) => row.claims);
    }
  }
}

process.on('message', (request: ControlRequest) => {
  handle(request).then(
    (result) => process.send!({ id: request.id, result }),
    (error: unknown) => process.send!({ id: request.id, error: String(error) }),
  );
});
process.once('SIGTERM', () => {
  void server.close().then(() => database.close()).then(() => process.exit(0));
});
console.log(`READY ${server.url}`);
