/** GET /v1/admin/sites/{siteId}/stats: consent rates over time for the dashboard's charts. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ErrorBody, SiteStats, StatsInterval } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { getSite } from '../sites/sites.js';
import { querySiteStats, StatsRangeError } from './site-stats.js';

/** Checks that the caller may read the site; throws ApiError 401/403 otherwise (server/src/admin/site-access.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequireSiteAccess = (c: Context<any>, siteId: string, access: 'read') => Promise<unknown>;

export interface StatsRouteDeps {
  db: Db;
  requireSiteAccess: RequireSiteAccess;
}

const timeParam = (description: string) =>
  z
    .string()
    .max(40)
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), {
      message: 'must be an ISO 8601 date (2026-03-01) or date-time (2026-03-01T12:00:00Z)',
    })
    .optional()
    .openapi({ description });

const route = createRoute({
  method: 'get',
  path: '/v1/admin/sites/{siteId}/stats',
  summary: 'Consent rates of a site over time',
  description:
    'Per UTC bucket: receipts per method and per-category opt-in counts (granted of decided). Counts come from an ' +
    'anonymous hourly rollup plus a live count of the newest receipts; erased or purged receipts stay counted.',
  request: {
    params: z.object({ siteId: z.string().min(1).max(64).openapi({ param: { name: 'siteId', in: 'path' }, example: 'shop' }) }),
    query: z.object({
      from: timeParam('Start (inclusive), rounded down to its bucket. Default: 30 days before `to`.'),
      to: timeParam('End (exclusive), rounded up to a bucket boundary. Default: now.'),
      interval: StatsInterval.default('day').openapi({ description: 'Bucket size: hour, day or week (ISO weeks, Monday).' }),
    }),
  },
  responses: {
    200: { description: 'Counts per bucket', content: { 'application/json': { schema: SiteStats } } },
    400: { description: 'Bad range', content: { 'application/json': { schema: ErrorBody } } },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
    403: { description: 'No access to this site', content: { 'application/json': { schema: ErrorBody } } },
    404: { description: 'Unknown site', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function registerStatsRoutes(app: OpenAPIHono, deps: StatsRouteDeps): void {
  app.openapi(route, async (c) => {
    const { siteId } = c.req.valid('param');
    await deps.requireSiteAccess(c, siteId, 'read');
    if (!(await getSite(deps.db, siteId))) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    const { from, to, interval } = c.req.valid('query');
    try {
      const stats = await querySiteStats(deps.db, {
        siteId,
        interval,
        from: from === undefined ? undefined : new Date(from),
        to: to === undefined ? undefined : new Date(to),
      });
      c.header('Cache-Control', 'private, no-store');
      return c.json(stats, 200);
    } catch (err) {
      if (err instanceof StatsRangeError) throw new ApiError(400, 'bad_request', err.message);
      throw err;
    }
  });
}
