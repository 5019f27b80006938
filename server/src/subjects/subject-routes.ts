/**
 * Visitor self-service: a visitor's own consent history and its erasure.
 * The browser proves it is the subject with the secret it made (`Authorization: Bearer <subjectSecret>`);
 * the server compares hashes only. Erasure happens at once and leaves an audit entry without personal data.
 */
import { timingSafeEqual } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { validator } from 'hono/validator';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { SiteId, Uuid, type SignedReceipt } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { receipts, sites, subjects } from '../db/schema.js';
import { ApiError, validationFailed } from '../http/api-error.js';
import { csvResponse } from '../http/csv.js';
import { readDeadline } from '../http/database-deadline.js';
import { errorResponse } from '../http/openapi-error-response.js';
import { hashSubjectSecret } from '../receipts/claims.js';
import { SignedReceiptSchema } from '../receipts/signed-receipt-schema.js';
import { signedReceiptColumns, toSignedReceipt } from '../receipts/stored-receipt.js';
import { getAllowedOriginUnion, getCachedSite } from '../sites/site-cache.js';
import { eraseSubject } from './erase-subject.js';
import { receiptsToCsv } from './receipts-csv.js';

const Params = z.object({ subjectId: Uuid });
const Query = z.object({
  siteId: SiteId.optional().describe('The site; may be left out when the subject id is known on one site only'),
  format: z.enum(['json', 'csv']).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(what, parsed.error);
  return parsed.data;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The site of a subject named without one. Subject ids are random UUIDs made per site, so one names its site; the
 * same id on two sites (a browser that kept one id for several sites of a host) needs `siteId` to say which.
 */
async function siteOfSubject(db: Db, id: string): Promise<string> {
  // Through the sites: one primary-key lookup per site instead of a scan of every subject.
  const rows = await db
    .select({ siteId: subjects.siteId })
    .from(sites)
    .innerJoin(subjects, and(eq(subjects.siteId, sites.id), eq(subjects.id, id)))
    .limit(2);
  if (rows.length === 0) throw new ApiError(404, 'not_found', 'no consent records for this subject');
  if (rows.length > 1) throw new ApiError(400, 'validation_failed', 'this subject id is known on several sites: pass ?siteId=');
  return rows[0]!.siteId;
}

/**
 * The query, read as the declared routes read theirs (hono's query validator): a parameter given twice arrives as a
 * list, which the schema refuses (400), instead of the first one silently winning.
 */
const validQuery = validator('query', (value) => parse(Query, value, 'query'));

/** Resolves the request to a site and an authenticated subject, or throws the matching 4xx. */
async function authenticate(c: Context, db: Db, query: z.infer<typeof Query>) {
  const { subjectId } = parse(Params, c.req.param(), 'path');
  const id = subjectId.toLowerCase();
  // Before anything is looked up: without the secret nobody learns whether a subject exists.
  const auth = c.req.header('authorization') ?? '';
  const secret = /^Bearer +(\S*)$/i.exec(auth)?.[1];
  if (!secret) throw new ApiError(401, 'unauthorized', 'send the subject secret as "Authorization: Bearer <secret>"');
  // Not a secret the widget could have made: say so, rather than that none was sent.
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(secret)) {
    throw new ApiError(401, 'unauthorized', 'the subject secret is malformed: 32 to 128 characters of A–Z, a–z, 0–9, "-" and "_"');
  }
  const siteId = query.siteId ?? (await siteOfSubject(db, id));
  const site = await getCachedSite(db, siteId);
  if (!site) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
  const origin = c.req.header('origin');
  if (origin !== undefined && !site.allowedOrigins.includes(origin)) {
    throw new ApiError(403, 'origin_not_allowed', `origin ${origin} may not act for site "${site.id}"`);
  }
  const [subject] = await db
    .select({ secretHash: subjects.secretHash })
    .from(subjects)
    .where(and(eq(subjects.siteId, site.id), eq(subjects.id, id)));
  if (!subject) throw new ApiError(404, 'not_found', 'no consent records for this subject');
  if (!sameHash(subject.secretHash, hashSubjectSecret(secret))) {
    throw new ApiError(403, 'subject_secret_mismatch', 'the subject secret does not match this subject');
  }
  return { siteId: site.id, subjectId: id, format: query.format ?? 'json' };
}

export function registerSubjectRoutes(app: OpenAPIHono, db: Db, timeoutMs: number): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'subjectSecret', {
    type: 'http',
    scheme: 'bearer',
    description: 'The subject secret the browser made for this subject (Authorization: Bearer <secret>)',
  });
  const errors = (codes: number[]) => Object.fromEntries(codes.map((code) => [code, errorResponse(code, 'Error')]));
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/subjects/{subjectId}/receipts',
    summary: "A visitor's own consent history (newest first); ?format=csv for CSV",
    request: { params: Params, query: Query },
    security: [{ subjectSecret: [] }],
    responses: {
      200: {
        description: 'The receipts',
        content: {
          'application/json': { schema: z.object({ receipts: z.array(SignedReceiptSchema) }) },
          'text/csv': { schema: z.string() },
        },
      },
      ...errors([400, 401, 403, 404, 503]),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'delete',
    path: '/v1/subjects/{subjectId}',
    summary: "Erase a visitor's consent records at once",
    request: { params: Params, query: Query.pick({ siteId: true }) },
    security: [{ subjectSecret: [] }],
    responses: {
      200: { description: 'Erased', content: { 'application/json': { schema: z.object({ deleted: z.number().int() }) } } },
      ...errors([400, 401, 403, 404, 503]),
    },
  });

  // Reading the history, a database stuck on locks or a partition answers 503 in time, as for receipts. An erasure
  // is not cut short: answered 503, it would still go on and finish, and the visitor's retry would find no subject.
  app.use('/v1/subjects/*', readDeadline(timeoutMs));
  app.use(
    '/v1/subjects/*',
    cors({
      origin: async (origin) => ((await getAllowedOriginUnion(db)).has(origin) ? origin : null),
      allowMethods: ['GET', 'DELETE'],
      allowHeaders: ['Authorization'],
      maxAge: 600,
    }),
  );

  app.get('/v1/subjects/:subjectId/receipts', validQuery, async (c) => {
    const { siteId, subjectId, format } = await authenticate(c, db, c.req.valid('query'));
    const rows = await db
      .select(signedReceiptColumns)
      .from(receipts)
      .where(and(eq(receipts.siteId, siteId), eq(receipts.subjectId, subjectId)))
      .orderBy(desc(receipts.createdAt));
    const list: SignedReceipt[] = rows.map(toSignedReceipt);
    if (format === 'csv') return csvResponse(c, `consent-history-${subjectId}.csv`, receiptsToCsv(list));
    c.header('Cache-Control', 'no-store');
    return c.json({ receipts: list });
  });

  app.delete('/v1/subjects/:subjectId', validQuery, async (c) => {
    const { siteId, subjectId } = await authenticate(c, db, c.req.valid('query'));
    // No network either: the visitor's address is personal data of the very subject being erased.
    const erased = await eraseSubject(db, siteId, subjectId, { type: 'subject', id: 'subject' }, null);
    const deleted = erased.receipts;
    c.header('Cache-Control', 'no-store');
    return c.json({ deleted });
  });
}
