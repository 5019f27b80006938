/**
 * `pnpm --filter @consentgate/server start`: migrate, listen, print the URL.
 * SIGTERM/SIGINT: stop accepting, finish in-flight requests and pending receipt batches, close the database, exit 0.
 */
import { exitOnSignal } from './http/exit-on-signal.js';
import { join } from 'node:path';
import { appInternals, createApp } from './app.js';
import { loadServerConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { exitWithStartupError } from './startup-failure.js';
import { unappliedMigrations } from './health/health-routes.js';
import { startServer } from './http/start-server.js';
import { startStatsRollup } from './stats/rollup.js';
import { countUsers, ensureFirstOwner } from './admin/users.js';
import { startRetentionTimer } from './retention/retention-timer.js';

async function start() {
  const config = loadServerConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
  try {
    if (config.migrateOnStart) await database.migrate();
    else {
      const missing = await unappliedMigrations(database);
      if (missing) throw new Error(`${missing}: run \`pnpm cg migrate\` first (CG_MIGRATE_ON_START is false)`);
    }
    const app = createApp({ database, config });
    const { keys, writer } = appInternals(app);
    await keys.signer(); // creates the first signing key on a fresh database
    const firstOwner = await ensureFirstOwner(database.db, { email: config.admin.firstOwnerEmail, password: config.admin.firstOwnerPassword });
    const server = await startServer({ app, port: config.port, host: config.host });
    return { config, database, writer, firstOwner, server };
  } catch (err) {
    await database.close();
    throw err;
  }
}

const { config, database, writer, firstOwner, server } = await start().catch(exitWithStartupError);
const statsRollup = startStatsRollup(database, config.statsRollupMs);
const retention = startRetentionTimer(database.db, config.purgeIntervalMs);

// PORT=0 picks a free port: without PUBLIC_URL, the addresses to print are on the one picked.
const publicUrl = config.port === 0 && !process.env.PUBLIC_URL ? server.url : config.publicUrl;
console.log(`ConsentGate server listening on ${server.url}`);
console.log(`  database: ${database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${join(config.dataDir, 'pglite')}`}`);
console.log(`  widget:   ${publicUrl}/consent.js   API docs: ${publicUrl}/openapi.json`);
if (firstOwner) console.log(`  dashboard: ${publicUrl}/admin/   first owner ${firstOwner.email} created from CG_ADMIN_EMAIL`);
else if ((await countUsers(database.db)) === 0) {
  console.log('  dashboard: no user yet: set CG_ADMIN_EMAIL and CG_ADMIN_PASSWORD, or run `pnpm cg user add <email> --role owner`');
} else console.log(`  dashboard: ${publicUrl}/admin/`);

exitOnSignal(async () => {
  await server.close();
  await statsRollup.stop();
  await retention.stop();
  await writer.idle();
  await database.close();
});
