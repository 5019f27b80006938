/** Reading stored receipts back as the signed receipts the API returns (one place for the row → receipt shape). */
import type { ReceiptClaims, ReceiptProof, SignedReceipt } from '@consentgate/shared';
import { receipts } from '../db/schema.js';

/** The columns a signed receipt is made of, for `db.select(signedReceiptColumns)`. */
export const signedReceiptColumns = { claims: receipts.claims, signature: receipts.signature, proof: receipts.proof };

export function toSignedReceipt(row: { claims: ReceiptClaims; signature: string; proof: ReceiptProof | null }): SignedReceipt {
  // Receipts signed one by one (before batch signing) have no proof: their JWS signs the claims themselves.
  return row.proof ? { ...row.claims, signature: row.signature, proof: row.proof } : { ...row.claims, signature: row.signature };
}
