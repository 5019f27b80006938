/**
 * One server for the whole demo: the ConsentGate API, widget and dashboard (createApp) plus the two demo sites and
 * their stand-in trackers under /demo. Used by `pnpm start` (main.ts) and by the end-to-end tests.
 */
import { join } from 'node:path';
import {
  appInternals,
  createApp,
  loadServerConfig,
  openDatabase,
  startRetentionTimer,
  startServer,
  startStatsRollup,
  type Database,
  type ServerConfig,
} from '@consentgate/server';
import { ensureDemoOwner, type DemoLogin } from './demo-admin.js';
import { createDemoApp } from './demo-app.js';
import { demoOrigins, ensureDemoSites } from './demo-sites.js';
import { TrackerCollector } from './tracker-collector.js';

export interface StartDemoOptions {
  /** 0 picks a free port (tests); default: PORT or 8787. */
  port?: number | undefined;
  host?: string | undefined;
  /** postgres://… ; default: DATABASE_URL, else embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** Environment to read the rest of the server settings from (default process.env). */
  env?: NodeJS.ProcessEnv | undefined;
}

export interface RunningDemo {
  url: string;
  port: number;
  database: Database;
  config: ServerConfig;
  /** Every hit the stand-in trackers sent. */
  collector: TrackerCollector;
  /** Dashboard login to print (undefined when other users were set up; see demo-admin.ts). */
  adminLogin: DemoLogin | undefined;
  close(): Promise<void>;
}

export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const loaded = loadServerConfig(options.env ?? process.env);
  const config: ServerConfig = {
    ...loaded,
    port: options.port ?? loaded.port,
    host: options.host ?? loaded.host,
    databaseUrl: options.databaseUrl ?? loaded.databaseUrl,
    dataDir: options.dataDir ?? loaded.dataDir,
  };
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
  try {
    await database.migrate();
    const app = createApp({ database, config });
    const { keys, writer } = appInternals(app);
    await keys.signer(); // the first signing key exists before the first receipt arrives
    const adminLogin = await ensureDemoOwner(database, config.dataDir, options.env ?? process.env);
    const collector = new TrackerCollector();
    app.route('/demo', createDemoApp(collector));
    app.get('/', (c) => c.redirect('/demo/'));

    const server = await startServer({ app, port: config.port, host: config.host });
    const statsRollup = startStatsRollup(database, config.statsRollupMs);
    const retention = startRetentionTimer(database.db, config.purgeIntervalMs);
    const publicUrl = options.port === 0 ? server.url : config.publicUrl;
    await ensureDemoSites(database.db, server.url, demoOrigins(server.port, publicUrl));

    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      database,
      config: { ...config, port: server.port, publicUrl },
      collector,
      adminLogin,
      close: () =>
        (closing ??= (async () => {
          await server.close();
          await statsRollup.stop();
          await retention.stop();
          await writer.idle();
          await database.close();
        })()),
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
