/** OpenAPI description of the signed receipt the server returns (the TypeScript type lives in shared/). */
import { z } from '@hono/zod-openapi';
import { CollectionPoint, ConsentMethod, ConsentModeState } from '@consentgate/shared';

export const SignedReceiptSchema = z
  .object({
    schemaVersion: z.literal(1),
    receiptId: z.uuid(),
    siteId: z.string(),
    subjectId: z.uuid(),
    policyVersion: z.number().int(),
    configHash: z.string(),
    method: ConsentMethod,
    collection: CollectionPoint,
    categories: z.record(z.string(), z.boolean()),
    services: z.record(z.string(), z.boolean()),
    gpc: z.boolean(),
    locale: z.string(),
    pageUrl: z.string(),
    userAgent: z.string().nullable(),
    ipNetwork: z.string().nullable(),
    clientTime: z.string(),
    serverTime: z.string(),
    validUntil: z.string(),
    controller: z.object({ name: z.string(), contact: z.string() }).nullable(),
    policyUrl: z.string().nullable(),
    consentMode: ConsentModeState.nullable(),
    signature: z.string().describe('Compact JWS (EdDSA) over the canonical JSON (RFC 8785) of all other fields'),
  })
  .openapi('SignedReceipt');
