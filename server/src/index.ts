/** Public API of @consentgate/server (used by the demo, the tests and the CLI). */
export { openDatabase, type Database, type Db, type DatabaseOptions } from './db/client.js';
export { loadServerConfig, REPO_ROOT, type ServerConfig, type RateLimitConfig } from './config.js';
export { createApp, appInternals, type AppDeps, type AppInternals } from './app.js';
export { startServer, type RunningServer, type StartServerOptions } from './http/start-server.js';
export { exitOnSignal } from './http/exit-on-signal.js';
export { exitWithStartupError } from './startup-failure.js';
export { ApiError, errorBody } from './http/api-error.js';
export { clientIp } from './http/client-ip.js';
export { isDatabaseUnavailable } from './db/unavailable.js';
export { DataFolderLockedError } from './db/data-folder-lock.js';
export {
  createSite,
  getSite,
  listSites,
  updateSiteConfig,
  setAllowedOrigins,
  getPolicyVersion,
  publishedVersion,
  SiteError,
  type Site,
  type CreateSiteInput,
  type SitePatch,
} from './sites/sites.js';
export { publicSiteConfig } from './sites/config-route.js';
export { negotiateLocale } from './sites/negotiate-locale.js';
export { normalizeOrigin } from './sites/origins.js';
export { SigningKeys, generateSigningKey } from './signing/keys.js';
export { minimiseIp } from './receipts/minimise-ip.js';
export { hashSubjectSecret, stripPageUrl } from './receipts/claims.js';
export { toSignedReceipt } from './receipts/stored-receipt.js';
export * as schema from './db/schema.js';
export { rollupStats, startStatsRollup, type RollupResult, type StatsRollupTimer } from './stats/rollup.js';
export { querySiteStats } from './stats/site-stats.js';
export { registerAdminRoutes, requireSiteAccess, requireOwner } from './admin/admin-routes.js';
export { createUser, countUsers, findUserByEmail, ensureFirstOwner, UserError, type NewUser } from './admin/users.js';
export { generatePassword, verifyPassword } from './admin/passwords.js';
export { purgeExpiredReceipts, type SitePurge } from './retention/purge-expired-receipts.js';
export { startRetentionTimer, type RetentionTimer } from './retention/retention-timer.js';
