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
    jurisdiction: z.string().nullable().optional().describe('Region whose law applies, e.g. "EU" (absent from receipts made before it was carried)'),
    withdrawalUrl: z.string().optional().describe('Where consent can be withdrawn (absent from receipts made before it was carried)'),
    signature: z
      .string()
      .describe(
        'Compact JWS (EdDSA, kid in the header) of the batch the receipt was signed in: its payload is the tree head ' +
          '{root, signedAt, size, tree: "rfc9162-sha256"}. Receipts without `proof` (signed one by one) sign the ' +
          'canonical JSON (RFC 8785) of all other fields instead. See RECEIPTS.md',
      ),
    proof: z
      .object({
        index: z.number().int().min(0).describe('Position of the receipt in its batch'),
        path: z.array(z.string()).describe('RFC 9162 inclusion path: sibling hashes (base64url SHA-256), leaf to root'),
      })
      .optional()
      .describe('Inclusion proof: the receipt’s canonical JSON, hashed as a leaf and folded up the path, gives the signed root'),
  })
  .openapi('SignedReceipt');
