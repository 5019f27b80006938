import { base64url, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { canonicalJson } from './canonical.js';
import { parseTreeHead, receiptLeafHash, rootFromProof } from './receipt-tree.js';
import type { ReceiptClaims, SignedReceipt } from './schemas.js';

export type VerifyResult =
  | { valid: true; kid: string; claims: ReceiptClaims }
  | { valid: false; reason: string };

const invalid = (reason: string): VerifyResult => ({ valid: false, reason });

/**
 * Checks a stored receipt against a JWKS (e.g. from `GET /.well-known/jwks.json`): the signature must verify with
 * the key named in its header, and the receipt's own fields must be what it signs, so no field can have been
 * altered. A receipt with a `proof` was signed in a batch: its canonical JSON, hashed as a leaf and folded up
 * the proof's path, must give the root in the signed tree head (see receipt-tree.ts). A receipt without one was
 * signed on its own: the signed payload is its canonical JSON.
 */
export async function verifyReceipt(receipt: SignedReceipt, jwks: JSONWebKeySet): Promise<VerifyResult> {
  const { signature, proof, ...claims } = receipt;
  let canonical: string;
  try {
    canonical = canonicalJson(claims);
  } catch (err) {
    // Text no signer could have signed (a lone surrogate, from a hand-edited file): an answer, not a throw.
    return invalid(`the receipt cannot be put in canonical form: ${err instanceof Error ? err.message : String(err)}`);
  }
  let signed: string;
  let kid: string;
  try {
    const { payload, protectedHeader } = await compactVerify(signature, createLocalJWKSet(jwks), {
      algorithms: ['EdDSA', 'Ed25519'],
    });
    signed = new TextDecoder().decode(payload);
    kid = protectedHeader.kid ?? '';
  } catch (err) {
    return invalid(err instanceof Error ? err.message : String(err));
  }
  // A JSON export may carry `"proof": null` for a receipt signed on its own.
  if (proof === undefined || proof === null) {
    // A batch's tree head is signed on its own too: its fields with its signature are not a receipt.
    if (parseTreeHead(signed)) return invalid('the signature signs a receipt batch, and the receipt has no proof');
    if (signed !== canonical) return invalid('receipt fields differ from the signed payload');
  } else {
    const head = parseTreeHead(signed);
    if (!head) return invalid('the signature does not sign a receipt batch');
    const root = await rootFromProof(await receiptLeafHash(canonical), proof, head.size);
    if (!root) return invalid(`the proof does not fit a batch of ${head.size} receipts`);
    if (base64url.encode(root) !== head.root) return invalid('receipt fields differ from the signed batch');
  }
  return { valid: true, kid, claims: JSON.parse(canonical) as ReceiptClaims };
}
