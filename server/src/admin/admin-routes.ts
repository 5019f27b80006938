/**
 * Everything under `/v1/admin/…`: one authentication middleware in front (session cookie + CSRF, or API token),
 * then the routes, each guarded by `siteAccess` / `ownerOnly` / `signedIn` before its input is even validated.
 * Routes registered elsewhere under `/v1/admin/` (stats) must be registered after this and call `requireSiteAccess`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { registerAuditRoutes } from '../audit/audit-routes.js';
import { readDeadline } from '../http/database-deadline.js';
import { adminAuth } from './admin-auth.js';
import { registerPolicyVersionRoutes } from './policy-version-routes.js';
import { registerReceiptAdminRoutes } from './receipt-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerSiteRoutes } from './site-routes.js';
import { registerTokenRoutes } from './token-routes.js';
import { registerUserRoutes } from './user-routes.js';

export interface AdminRouteDeps {
  db: Db;
  config: ServerConfig;
}

export function registerAdminRoutes(app: OpenAPIHono, deps: AdminRouteDeps): void {
  const { db, config } = deps;
  // Reads (the sign-in check included) answer 503 in time when the database is stuck, as receipts do; changes finish.
  app.use('/v1/admin/*', readDeadline(config.ingestTimeoutMs));
  app.use('/v1/admin/*', adminAuth(db, config));
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminSession', {
    type: 'apiKey',
    in: 'cookie',
    name: 'cg_session',
    description: 'Dashboard session from POST /v1/admin/session; unsafe methods also need the x-csrf-token header',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'API token (cgt_…) from POST /v1/admin/tokens',
  });
  registerSessionRoutes(app, { db, config });
  registerTokenRoutes(app, db);
  registerUserRoutes(app, db);
  registerSiteRoutes(app, db, config.publicUrl);
  registerPolicyVersionRoutes(app, db);
  registerReceiptAdminRoutes(app, db);
  registerAuditRoutes(app, db);
}

export { requireSiteAccess, requireOwner } from './site-access.js';
