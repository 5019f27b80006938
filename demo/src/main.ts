/**
 * `pnpm start`: the demo sites, widget, dashboard and API on one port. Prints where everything is.
 * SIGTERM/SIGINT: finish in-flight requests and pending receipts, close the database, exit 0.
 */
import { startDemo } from './start-demo.js';
import { exitOnSignal, exitWithStartupError, getSite } from '@consentgate/server';
import { DEMO_SITES } from './demo-sites.js';

const demo = await startDemo().catch(exitWithStartupError);
const base = demo.url;
// The dashboard is mounted by the server when it is built; say so instead of printing a link that answers 404.
const dashboardUp = (await fetch(`${base}/admin/`)).status !== 404;
const lines = [
  '',
  `ConsentGate demo running on ${base}`,
  `  database:   ${demo.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${demo.config.dataDir}`}`,
  // Named as stored: a name changed in the dashboard is kept across starts.
  ...(await Promise.all(
    DEMO_SITES.map(async (site) => `  ${site.id.padEnd(11)} ${base}${site.path}   (${(await getSite(demo.database.db, site.id))?.name ?? site.name})`),
  )),
  dashboardUp
    ? `  dashboard:  ${base}/admin/   ${
        demo.adminLogin
          ? `log in as ${demo.adminLogin.email} / ${demo.adminLogin.password ?? 'the password in CG_ADMIN_PASSWORD'}`
          : 'log in with your dashboard user (see README, section "Dashboard")'
      }`
    : '  dashboard:  not available in this build (GET /admin/ answers 404)',
  `  API docs:   ${base}/openapi.json`,
  `  widget:     ${base}/consent.js`,
  `  tracker hits seen by the demo collector: ${base}/demo/collect/hits`,
  '',
];
console.log(lines.join('\n'));

exitOnSignal(() => demo.close());
