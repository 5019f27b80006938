/**
 * `pnpm --filter @consentgate/server start`: migrate, listen, print the URL.
 * SIGTERM/SIGINT: stop accepting, finish in-flight requests and pending receipt batches, close the database, exit 0.
 */
import { exitOnSignal } from './http/exit-on-signal.js';
import { join } from 'node:path';
import { appInternals, createApp } from './app.js';
import { loadServerConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { startServer } from './http/start-server.js';
import { startStatsRollup } from './stats/rollup.js';

const config = loadServerConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
await database.migrate();
const app = createApp({ database, config });
const { keys, writer } = appInternals(app);
await keys.signer(); // creates the first signing key on a fresh database
const server = await startServer({ app, port: config.port, host: config.host });
const statsRollup = startStatsRollup(database, config.statsRollupMs);

console.log(`ConsentGate server listening on ${server.url}`);
console.log(`  database: ${database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${join(config.dataDir, 'pglite')}`}`);
console.log(`  widget:   ${config.publicUrl}/consent.js   API docs: ${config.publicUrl}/openapi.json`);

exitOnSignal(async () => {
  await server.close();
  await statsRollup.stop();
  await writer.idle();
  await database.close();
});
