/**
 * The HTTP application: every API route, the OpenAPI document, and the widget files.
 * It is a value (`app.request()` in tests, `startServer()` in production); it keeps no state between requests
 * except short caches, so any number of instances can share one database.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ServerConfig } from './config.js';
import type { Database } from './db/client.js';
import { errorBody, validationFailed } from './http/api-error.js';
import { handleError } from './http/error-handler.js';
import { bodySizeLimit } from './http/body-size-limit.js';
import { plainUtf8Body } from './http/body-encoding.js';
import { MAX_BODY_BYTES } from '@consentgate/shared';
import { securityHeaders } from './http/security-headers.js';
import { registerHealthRoutes } from './health/health-routes.js';
import { ReceiptBatchWriter } from './receipts/batch-writer.js';
import { registerReceiptRoutes } from './receipts/receipt-route.js';
import { registerJwksRoute } from './signing/jwks-route.js';
import { registerGpcDeclarationRoute } from './gpc/gpc-declaration-route.js';
import { SigningKeys } from './signing/keys.js';
import { registerSubjectRoutes } from './subjects/subject-routes.js';
import { registerAdminRoutes, requireSiteAccess } from './admin/admin-routes.js';
import { registerStatsRoutes } from './stats/stats-routes.js';
import { registerSiteConfigRoute } from './sites/config-route.js';
import { widgetFiles } from './widget/widget-files.js';
import { dashboardFiles } from './dashboard/dashboard-files.js';
import { errorResponse } from './http/openapi-error-response.js';

export interface AppDeps {
  database: Database;
  config: ServerConfig;
}

/** Things the app owns that main.ts / tests may need (draining the batch writer on shutdown). */
export interface AppInternals {
  keys: SigningKeys;
  writer: ReceiptBatchWriter;
}

const internals = new WeakMap<OpenAPIHono, AppInternals>();

export function appInternals(app: OpenAPIHono): AppInternals {
  const found = internals.get(app);
  if (!found) throw new Error('not an app made by createApp');
  return found;
}

const routePatterns = new WeakMap<OpenAPIHono, Array<{ method: string; pattern: RegExp }>>();

/** The methods the app's routes (not its catch-all middleware) answer on `path`, HEAD included. */
function methodsOf(app: OpenAPIHono, path: string): string[] {
  let patterns = routePatterns.get(app);
  if (!patterns) {
    patterns = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({ method: route.method, pattern: new RegExp(`^${route.path.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}$`) }));
    routePatterns.set(app, patterns);
  }
  const methods = new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method));
  // Hono answers HEAD with the GET route, so HEAD is allowed wherever GET is (as the static files say).
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

/** Largest body of `POST/PUT /v1/admin/sites…` (every other request body: MAX_BODY_BYTES, 16 KiB). */
export const MAX_SITE_SETTINGS_BYTES = 1024 * 1024;

export function createApp(deps: AppDeps): OpenAPIHono {
  const { database, config } = deps;
  const app = new OpenAPIHono({
    // Validation failures of declared params/queries answer in the one error shape.
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(result.target, result.error);
    },
  });
  const keys = new SigningKeys(database.db);
  const concurrency = database.kind === 'postgres' ? config.ingestConcurrency : 1;
  const writer = new ReceiptBatchWriter(database, keys, config.ingestBatchMax, concurrency, config.ingestTimeoutMs);
  internals.set(app, { keys, writer });

  app.onError(handleError);
  app.notFound((c) => {
    // A known path asked with another method says which methods it has (405 with Allow), not "no such thing".
    const allowed = methodsOf(app, c.req.path);
    if (allowed.length > 0) {
      return c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(' or ')}`), 405, { Allow: allowed.join(', ') });
    }
    return c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
  });
  app.use('*', securityHeaders(config));
  // Every body is capped before it is read (the receipt route has its own, after its rate limit). Site settings may
  // carry many services, cookie lists and texts in six languages, so they get more room.
  const smallBody = bodySizeLimit(MAX_BODY_BYTES);
  const siteSettingsBody = bodySizeLimit(MAX_SITE_SETTINGS_BYTES);
  const plainUtf8 = plainUtf8Body();
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || c.req.path === '/v1/receipts') return next();
    return (c.req.path.startsWith('/v1/admin/sites') ? siteSettingsBody : smallBody)(c, async () => {
      await plainUtf8(c, next);
    });
  });

  registerHealthRoutes(app, database);
  registerSiteConfigRoute(app, database.db, config.ingestTimeoutMs);
  registerReceiptRoutes(app, { db: database.db, config, writer });
  registerJwksRoute(app, keys);
  registerGpcDeclarationRoute(app);
  registerSubjectRoutes(app, database.db, config.ingestTimeoutMs);
  // Admin first: its middleware authenticates every /v1/admin/… request, the stats route included.
  registerAdminRoutes(app, { db: database.db, config });
  registerStatsRoutes(app, { db: database.db, requireSiteAccess });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'ConsentGate API',
      version: '1.0.0',
      description:
        'Consent receipts, public site configs, signing keys, visitor self-service and the admin API (/v1/admin: ' +
        'session cookie plus x-csrf-token on unsafe methods, or Authorization: Bearer cgt_…). ' +
        'Errors: { "error": { "code", "message" } }.',
    },
  });
  const dashboard = dashboardFiles(config.dashboardDir);
  app.use('/admin', dashboard);
  app.use('/admin/*', dashboard);
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/consent.js',
    summary: 'The widget (one classic script; its chunks load from /chunks/… beside it)',
    responses: {
      200: { description: 'The widget bundle (ETag per encoding, cached for a day)', content: { 'text/javascript': { schema: z.string() } } },
      304: { description: 'Not modified (If-None-Match)' },
      503: errorResponse(503, 'The widget is not built on this server'),
    },
  });
  app.use('*', widgetFiles(config.widgetDir));
  return app;
}
