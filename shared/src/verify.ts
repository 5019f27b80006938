import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { canonicalJson } from './canonical.js';
import type { ReceiptClaims, SignedReceipt } from './schemas.js';

export type VerifyResult =
  | { valid: true; kid: string; claims: ReceiptClaims }
  | { valid: false; reason: string };

/**
 * Checks a stored receipt against a JWKS (e.g. from `GET /.well-known/jwks.json`):
 * the signature must verify with the key named in its header, and the signed payload must equal
 * the canonical JSON of the receipt's own fields, so no field can have been altered.
 */
export async function verifyReceipt(receipt: SignedReceipt, jwks: JSONWebKeySet): Promise<VerifyResult> {
  const { signature, ...claims } = receipt;
  try {
    const { payload, protectedHeader } = await compactVerify(signature, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA', 'Ed25519'],
    });
    const signed = new TextDecoder().decode(payload);
    if (signed !== canonicalJson(claims)) return { valid: false, reason: 'receipt fields differ from the signed payload' };
    return { valid: true, kid: protectedHeader.kid ?? '', claims: JSON.parse(signed) as ReceiptClaims };
  } catch (err) {
    return { valid: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
