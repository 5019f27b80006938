/** GET /v1/admin/sites/{siteId}/stats: consent rates over time for the dashboard's charts. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SiteStats, StatsInterval } from '@consentgate/shared';
import { ADMIN_SECURITY, errorResponses } from '../admin/openapi-errors.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { csvResponse } from '../http/csv.js';
import { timeParam } from '../http/time-param.js';
import { getSite } from '../sites/sites.js';
import { querySiteStats, StatsRangeError } from './site-stats.js';
import { statsToCsv } from './stats-csv.js';

/** Checks that the caller may read the site; throws ApiError 401/403 otherwise (server/src/admin/site-access.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequireSiteAccess = (c: Context<any>, siteId: string, access: 'read') => Promise<unknown>;

export interface StatsRouteDeps {
  db: Db;
  requireSiteAccess: RequireSiteAccess;
}

const route = (deps: StatsRouteDeps) =>
  createRoute({
    method: 'get',
    path: '/v1/admin/sites/{siteId}/stats',
    summary: 'Consent rates of a site over time',
    security: ADMIN_SECURITY,
    // Before the query is validated: a caller without access learns nothing about the site, not even a 400.
    middleware: [
      async (c, next) => {
        await deps.requireSiteAccess(c, c.req.param('siteId') ?? '', 'read');
        await next();
      },
    ] as const,
    description:
      'Per UTC bucket: receipts per method and per-category opt-in counts (granted of decided). Counts come from an ' +
      'anonymous hourly rollup plus a live count of the newest receipts; erased or purged receipts stay counted.',
    request: {
      params: z.object({ siteId: z.string().min(1).max(64).openapi({ param: { name: 'siteId', in: 'path' }, example: 'shop' }) }),
      query: z.object({
        from: timeParam('Start (inclusive), rounded down to its bucket. Default: 30 days before `to`.'),
        to: timeParam('End (exclusive), rounded up to a bucket boundary. Default: now.'),
        interval: StatsInterval.default('day').openapi({ description: 'Bucket size: hour, day or week (ISO weeks, Monday).' }),
        format: z
          .enum(['json', 'csv'])
          .default('json')
          .openapi({ description: '`csv`: one line per bucket (counts per method, granted/decided/rate per category)' }),
      }),
    },
    responses: {
      200: {
        description: 'Counts per bucket',
        content: { 'application/json': { schema: SiteStats }, 'text/csv': { schema: z.string() } },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  });

export function registerStatsRoutes(app: OpenAPIHono, deps: StatsRouteDeps): void {
  app.openapi(route(deps), async (c) => {
    const { siteId } = c.req.valid('param');
    if (!(await getSite(deps.db, siteId))) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    const { from, to, interval, format } = c.req.valid('query');
    try {
      const stats = await querySiteStats(deps.db, { siteId, interval, from, to });
      if (format === 'csv') {
        const lastDay = new Date(Date.parse(stats.to) - 1).toISOString().slice(0, 10);
        return csvResponse(c, `consent-stats-${siteId}-${interval}-${stats.from.slice(0, 10)}-${lastDay}.csv`, statsToCsv(stats));
      }
      c.header('Cache-Control', 'private, no-store');
      return c.json(stats, 200);
    } catch (err) {
      if (err instanceof StatsRangeError) throw new ApiError(400, 'validation_failed', err.message);
      throw err;
    }
  });
}
