/**
 * `GET /v1/admin/audit?siteId=&action=&from=&to=&cursor=&limit=[&format=csv]`: the audit trail, newest first (owners
 * only); as CSV every matching entry, streamed (the export is itself an audit entry).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AuditPage, SiteId } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ADMIN_SECURITY, errorResponses } from '../admin/openapi-errors.js';
import { ownerOnly, requireOwner } from '../admin/site-access.js';
import { auditRequest } from '../admin/audit-request.js';
import { ApiError } from '../http/api-error.js';
import { csvResponse, csvStream } from '../http/csv.js';
import { timeParam } from '../http/time-param.js';
import { pageSizeParam } from '../http/whole-number-param.js';
import { AUDIT_CSV_HEADER, auditCsvChunks } from './audit-csv.js';
import { listAudit } from './audit-log.js';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/audit',
  summary: 'The audit trail (owners only)',
  middleware: [ownerOnly()],
  security: ADMIN_SECURITY,
  request: {
    query: z.object({
      siteId: SiteId.optional(),
      action: z
        .string()
        .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'expected an action name such as receipts.export')
        .optional()
        .openapi({ example: 'receipts.export' }),
      from: timeParam('Written at or after.'),
      to: timeParam('Written before.'),
      cursor: z.string().regex(/^\d{1,18}$/).optional().openapi({ description: '`nextCursor` of the previous page' }),
      limit: pageSizeParam(100),
      format: z.enum(['json', 'csv']).default('json').openapi({ description: '`csv` exports every match (cursor and limit ignored), streamed' }),
    }),
  },
  responses: {
    200: { description: 'One page, or the CSV export', content: { 'application/json': { schema: AuditPage }, 'text/csv': { schema: z.string() } } },
    ...errorResponses(400, 401, 403),
  },
});

export function registerAuditRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(route, async (c) => {
    requireOwner(c);
    const q = c.req.valid('query');
    const { from, to } = q;
    // As in the receipt search: an empty range is a mistake to point out, not "no entries".
    if (from && to && from >= to) throw new ApiError(400, 'validation_failed', '"from" must be before "to"');
    const query = { siteId: q.siteId, action: q.action, from, to };
    if (q.format === 'csv') {
      const filters = Object.entries(query).filter(([, v]) => v !== undefined).map(([k]) => k);
      const body = await csvStream(AUDIT_CSV_HEADER, auditCsvChunks(db, query));
      await auditRequest(c, 'audit.export', { siteId: q.siteId ?? null, details: { format: 'csv', filters } });
      return csvResponse(c, 'audit-log.csv', body);
    }
    const page = await listAudit(db, { ...query, cursor: q.cursor === undefined ? undefined : Number(q.cursor), limit: q.limit });
    c.header('Cache-Control', 'no-store');
    return c.json(page, 200);
  });
}
