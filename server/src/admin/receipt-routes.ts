/**
 * Receipts for the dashboard (site admins and owners; viewers see anonymous stats only):
 *   GET    /v1/admin/sites/{siteId}/receipts?subjectId=&receiptId=&from=&to=&cursor=&limit=[&format=csv]
 *   GET    /v1/admin/sites/{siteId}/subjects/{subjectId}/receipts?format=json|csv   (subject access request)
 *   DELETE /v1/admin/sites/{siteId}/subjects/{subjectId}                            (erasure, at once)
 * Every read, export and erasure is audited with the filters used and the number of receipts, never subject ids.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Uuid } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { csvResponse, csvStream } from '../http/csv.js';
import { timeParam } from '../http/time-param.js';
import { pageSizeParam } from '../http/whole-number-param.js';
import { SignedReceiptSchema } from '../receipts/signed-receipt-schema.js';
import { eraseSubject } from '../subjects/erase-subject.js';
import { CSV_HEADER, receiptCsvLines, receiptsToCsv } from '../subjects/receipts-csv.js';
import { auditActor, requestNetwork } from './admin-auth.js';
import { auditRequest } from './audit-request.js';
import { ADMIN_SECURITY, errorResponses } from './openapi-errors.js';
import { allReceipts, parseCursor, searchReceipts, type ReceiptQuery } from './receipt-search.js';
import { SiteIdParam, SubjectIdParam } from './route-params.js';
import { requireSiteAccess, siteAccess } from './site-access.js';

const Format = z.enum(['json', 'csv']).default('json');

const SearchQuery = z.object({
  subjectId: Uuid.optional(),
  receiptId: Uuid.optional(),
  from: timeParam('Created at or after.'),
  to: timeParam('Created before.'),
  cursor: z.string().max(80).optional().openapi({ description: '`nextCursor` of the previous page' }),
  limit: pageSizeParam(50),
  format: Format.openapi({ description: '`csv` exports every match (cursor and limit ignored), streamed' }),
});
const ReceiptPageSchema = z.object({ receipts: z.array(SignedReceiptSchema), nextCursor: z.string().nullable() });
const csvOrJson = (schema: z.ZodType) => ({
  'application/json': { schema },
  'text/csv': { schema: z.string() },
});

const search = createRoute({
  method: 'get',
  path: '/v1/admin/sites/{siteId}/receipts',
  summary: 'Search a site’s receipts (newest first) or export them as CSV',
  middleware: [siteAccess('manage')],
  security: ADMIN_SECURITY,
  request: { params: z.object({ siteId: SiteIdParam }), query: SearchQuery },
  responses: { 200: { description: 'One page, or the CSV export', content: csvOrJson(ReceiptPageSchema) }, ...errorResponses(400, 401, 403, 404) },
});
const subjectReceipts = createRoute({
  method: 'get',
  path: '/v1/admin/sites/{siteId}/subjects/{subjectId}/receipts',
  summary: 'All receipts of one subject (subject access / portability request)',
  middleware: [siteAccess('manage')],
  security: ADMIN_SECURITY,
  request: { params: z.object({ siteId: SiteIdParam, subjectId: SubjectIdParam }), query: z.object({ format: Format }) },
  responses: {
    200: { description: 'The receipts', content: csvOrJson(z.object({ receipts: z.array(SignedReceiptSchema) })) },
    ...errorResponses(400, 401, 403, 404),
  },
});
const erase = createRoute({
  method: 'delete',
  path: '/v1/admin/sites/{siteId}/subjects/{subjectId}',
  summary: 'Erase a subject’s consent records at once',
  middleware: [siteAccess('erase')],
  security: ADMIN_SECURITY,
  request: { params: z.object({ siteId: SiteIdParam, subjectId: SubjectIdParam }) },
  responses: {
    200: { description: 'Erased', content: { 'application/json': { schema: z.object({ deleted: z.number().int() }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

async function* receiptCsvChunks(db: Db, query: Omit<ReceiptQuery, 'cursor' | 'limit'>): AsyncGenerator<string> {
  for await (const page of allReceipts(db, query)) yield receiptCsvLines(page);
}

export function registerReceiptAdminRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(search, async (c) => {
    const { siteId } = c.req.valid('param');
    await requireSiteAccess(c, siteId, 'manage');
    const q = c.req.valid('query');
    const cursor = q.cursor === undefined ? undefined : parseCursor(q.cursor);
    if (q.cursor !== undefined && !cursor) throw new ApiError(400, 'validation_failed', 'invalid cursor');
    const query = { siteId, subjectId: q.subjectId, receiptId: q.receiptId, from: q.from, to: q.to };
    // As the statistics do: an empty range is a mistake worth saying, not an empty answer.
    if (query.from && query.to && query.from.getTime() >= query.to.getTime()) {
      throw new ApiError(400, 'validation_failed', '"from" must be before "to"');
    }
    // Which filters were used, not their values: a subject or receipt id is personal data.
    const filters = Object.entries({ subjectId: q.subjectId, receiptId: q.receiptId, from: q.from, to: q.to })
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (q.format === 'csv') {
      const body = await csvStream(CSV_HEADER, receiptCsvChunks(db, query));
      await auditRequest(c, 'receipts.export', { siteId, details: { format: 'csv', filters } });
      return csvResponse(c, `receipts-${siteId}.csv`, body);
    }
    const page = await searchReceipts(db, { ...query, cursor, limit: q.limit });
    await auditRequest(c, 'receipts.search', { siteId, details: { filters, receipts: page.receipts.length } });
    c.header('Cache-Control', 'no-store');
    return c.json(page, 200);
  });

  app.openapi(subjectReceipts, async (c) => {
    const { siteId, subjectId } = c.req.valid('param');
    await requireSiteAccess(c, siteId, 'manage');
    const { format } = c.req.valid('query');
    const list = [];
    for await (const page of allReceipts(db, { siteId, subjectId })) list.push(...page);
    await auditRequest(c, 'subject.export', { siteId, details: { format, receipts: list.length } });
    if (format === 'csv') return csvResponse(c, `consent-history-${subjectId}.csv`, receiptsToCsv(list));
    c.header('Cache-Control', 'no-store');
    return c.json({ receipts: list }, 200);
  });

  app.openapi(erase, async (c) => {
    const { siteId, subjectId } = c.req.valid('param');
    const actor = await requireSiteAccess(c, siteId, 'erase');
    const erased = await eraseSubject(db, siteId, subjectId.toLowerCase(), auditActor(actor), requestNetwork(c));
    if (!erased.found) throw new ApiError(404, 'not_found', 'no consent records for this subject');
    return c.json({ deleted: erased.receipts }, 200);
  });
}

