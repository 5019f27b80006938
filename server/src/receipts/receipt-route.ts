/**
 * POST /v1/receipts: validate → check site and origin → check against the policy version → sign and store (batched)
 * → answer with the signed receipt.
 * Bodies come as application/json (fetch) or text/plain (navigator.sendBeacon); both are parsed the same way.
 * Nothing is written for a request that fails any check.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { ErrorBody, MAX_BODY_BYTES, ReceiptInput, type ReceiptClaims } from '@consentgate/shared';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { withDeadline } from '../db/unavailable.js';
import { ApiError, validationFailed } from '../http/api-error.js';
import { bodySizeLimit } from '../http/body-size-limit.js';
import { checkCharset, checkContentEncoding, readUtf8 } from '../http/body-encoding.js';
import { clientIp, limitKey } from '../http/client-ip.js';
import { requestHeader } from '../http/request-header.js';
import { RateLimiter } from '../http/rate-limit.js';
import { getCachedPolicy } from '../sites/policy-cache.js';
import { getAllowedOriginUnion, getCachedSite, type MissGuard } from '../sites/site-cache.js';
import { ReceiptBatchWriter } from './batch-writer.js';
import { checkAgainstPolicy } from './check-against-policy.js';
import { browserPart, buildClaims, claimsPayload, hashSubjectSecret } from './claims.js';
import { minimiseIp } from './minimise-ip.js';
import { SignedReceiptSchema } from './signed-receipt-schema.js';
import { errorResponse } from '../http/openapi-error-response.js';

export interface ReceiptRouteDeps {
  db: Db;
  config: ServerConfig;
  writer: ReceiptBatchWriter;
}

const ACCEPTED_TYPES = ['application/json', 'text/plain'];
const JSON_CONTENT = { 'Content-Type': 'application/json' };

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'bad_request', 'request body is not valid JSON');
  }
}

function validate(body: unknown) {
  const parsed = ReceiptInput.safeParse(body);
  if (!parsed.success) throw validationFailed('receipt', parsed.error);
  return parsed.data;
}

export function registerReceiptRoutes(app: OpenAPIHono, deps: ReceiptRouteDeps): void {
  const { db, config, writer } = deps;
  const limiter = new RateLimiter(config.rateLimit.receiptsPerWindow, config.rateLimit.windowMs);
  // The lookups before the write keep the ingest deadline too: a database waiting on locked tables answers 503 in
  // time instead of holding the browser's request open. Only a cache miss asks the database, so only a miss pays
  // for the timer (two per receipt would cost ≈ 2 % of the hot path).
  const deadline: MissGuard = (work) => withDeadline(work, config.ingestTimeoutMs);
  const allowedOrigins = () => deadline(getAllowedOriginUnion(db));

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/receipts',
    summary: 'Record a consent receipt',
    description:
      'Idempotent on receiptId: a repeat with the same content answers 200 with the stored receipt; the same id with ' +
      'different content answers 409. Accepts application/json and text/plain (navigator.sendBeacon). Max 16 KiB.',
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: ReceiptInput }, 'text/plain': { schema: ReceiptInput } },
      },
    },
    responses: {
      201: { description: 'Stored and signed', content: { 'application/json': { schema: SignedReceiptSchema } } },
      200: { description: 'Already stored (repeat)', content: { 'application/json': { schema: SignedReceiptSchema } } },
      400: {
        description:
          'Malformed or invalid body, or a receipt that contradicts the policy version it names (unknown version, ' +
          'config hash, categories, services or method not agreeing with it), or a pageUrl on another origin than the ' +
          'request’s (page_not_on_site)',
        content: { 'application/json': { schema: ErrorBody } },
      },
      403: { description: 'Origin not allowed or subject secret mismatch', content: { 'application/json': { schema: ErrorBody } } },
      404: { description: 'Unknown site', content: { 'application/json': { schema: ErrorBody } } },
      409: { description: 'Receipt id already used for a different receipt', content: { 'application/json': { schema: ErrorBody } } },
      413: { description: 'Body larger than 16 KiB', content: { 'application/json': { schema: ErrorBody } } },
      415: { description: 'Unsupported content type, charset or content encoding (send the body uncompressed)', content: { 'application/json': { schema: ErrorBody } } },
      429: errorResponse(429, 'Rate limited'),
      503: errorResponse(503, 'Database unavailable; retry'),
    },
  });

  // Preflight (JSON fetch): the site is in the body, which a preflight lacks, so any origin allowed by some site
  // passes here; the POST itself is then checked against its own site's list.
  const preflight = cors({
    origin: async (origin) => ((await allowedOrigins()).has(origin) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type'],
    maxAge: 600,
  });
  app.use('/v1/receipts', async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    // The same headers hono's cors() adds, but set before the handler: cors() writes them into `c.res`, which
    // makes hono rebuild every response as a full fetch Response (the most expensive step of a receipt).
    // Every origin may read the answer: a page on an origin its site does not list must see its 403 (the widget then
    // drops the receipt with the reason; a hidden status would look like a network error, retried forever), and
    // nothing but an error reaches an origin the site does not allow. Whether a receipt is taken is decided per site.
    const origin = requestHeader(c, 'origin');
    if (origin) c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    await next();
  });

  app.post(
    '/v1/receipts',
    async (c, next) => {
      const ip = clientIp(c, config.trustProxy);
      const decision = limiter.hit(ip ? limitKey(ip) : 'unknown');
      if (!decision.allowed) {
        throw new ApiError(429, 'rate_limited', 'too many receipts from this address; retry later', undefined, {
          'Retry-After': String(decision.retryAfterSeconds),
          // A page on another origin may read when to retry.
          'Access-Control-Expose-Headers': 'Retry-After',
        });
      }
      await next();
    },
    bodySizeLimit(MAX_BODY_BYTES),
    async (c) => handleReceipt(c),
  );

  async function handleReceipt(c: Context): Promise<Response> {
    const contentType = requestHeader(c, 'content-type') ?? '';
    const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!ACCEPTED_TYPES.includes(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'send the receipt as application/json or text/plain');
    }
    checkCharset(contentType, 'receipt');
    checkContentEncoding(c, 'receipt');
    const input = validate(parseBody(await readUtf8(c)));
    const site = await getCachedSite(db, input.siteId, deadline);
    if (!site) throw new ApiError(404, 'site_not_found', `unknown site "${input.siteId}"`);
    const origin = requestHeader(c, 'origin');
    // Browsers always send Origin on a cross-origin POST; a request without one is not from a web page
    // (server-to-server import, curl) and is accepted — it proves nothing a forged Origin could not.
    if (origin !== undefined && !site.allowedOrigins.includes(origin)) {
      throw new ApiError(403, 'origin_not_allowed', `origin ${origin} may not send receipts for site "${site.id}"`);
    }
    // The page a receipt names is the page that sent it, on the site: a signed receipt (and the withdrawal link it
    // carries by default) never points anywhere else. A site with no allowed origin yet has no such page.
    const pageOrigin = new URL(input.pageUrl).origin;
    if (origin !== undefined ? pageOrigin !== origin : !site.allowedOrigins.includes(pageOrigin)) {
      throw new ApiError(400, 'page_not_on_site', `pageUrl is on ${pageOrigin}, not on ${origin ?? `an allowed origin of site "${site.id}"`}`);
    }
    // After the first receipt of a version this is answered from memory (versions never change once published).
    const policy = await getCachedPolicy(db, site.id, input.policyVersion, deadline);
    checkAgainstPolicy(input, policy);

    const claims: ReceiptClaims = buildClaims(input, policy.notice, {
      userAgent: requestHeader(c, 'user-agent') ?? null,
      ipNetwork: minimiseIp(clientIp(c, config.trustProxy)),
      now: new Date(),
    });
    const payload = claimsPayload(claims);
    const outcome = await writer.write({ claims, payload, secretHash: hashSubjectSecret(input.subjectSecret) });

    c.header('Cache-Control', 'no-store');
    switch (outcome.kind) {
      case 'created':
        // The signed receipt is the payload plus signature and proof: splice them in instead of serialising again.
        return c.body(`${payload.slice(0, -1)},"proof":${outcome.proof},"signature":${JSON.stringify(outcome.signature)}}`, 201, JSON_CONTENT);
      case 'existing':
        if (browserPart(outcome.receipt) !== browserPart(claims)) {
          throw new ApiError(409, 'conflict', `receipt ${claims.receiptId} was already stored with different content`);
        }
        return c.json(outcome.receipt, 200);
      case 'secret_mismatch':
        throw new ApiError(403, 'subject_secret_mismatch', 'the subject secret does not match this subject');
    }
  }
}

