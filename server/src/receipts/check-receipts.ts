/**
 * Checks receipts someone hands in (a visitor's download, an export kept as evidence) against this server's
 * records: the signature against every key this server ever published, and the configHash against the policy
 * version the receipt names, recomputed from that version's config and frozen texts.
 */
import { policyVersionHash, type SignedReceipt } from '@consentgate/shared';
import { verifyReceipt } from '@consentgate/shared/verify';
import type { Db } from '../db/client.js';
import type { SigningKeys } from '../signing/keys.js';
import { exportPolicyVersion } from '../sites/sites.js';

export interface ReceiptCheck {
  receiptId: string;
  valid: boolean;
  /** One line a person can read: what holds, or the first thing that does not. */
  summary: string;
}

/** The receipts in a JSON file: one receipt, an array of them, or an export's `{ receipts: [...] }`. */
export function receiptsIn(json: unknown): SignedReceipt[] {
  const list = Array.isArray(json) ? json : (json as { receipts?: unknown })?.receipts ?? [json];
  if (!Array.isArray(list) || list.length === 0 || list.some((r) => typeof r !== 'object' || r === null || !('signature' in r))) {
    throw new Error('expected a receipt, an array of receipts, or an export with "receipts"; each needs its "signature"');
  }
  return list as SignedReceipt[];
}

export async function checkReceipt(db: Db, keys: SigningKeys, receipt: SignedReceipt): Promise<ReceiptCheck> {
  const receiptId = String(receipt.receiptId);
  const fail = (summary: string): ReceiptCheck => ({ receiptId, valid: false, summary });
  const signature = await verifyReceipt(receipt, await keys.jwks());
  if (!signature.valid) return fail(`signature: ${signature.reason}`);
  const { siteId, policyVersion, configHash, serverTime } = signature.claims;
  const version = await exportPolicyVersion(db, siteId, policyVersion);
  if (!version) return fail(`signed by key ${signature.kid}, but site "${siteId}" has no policy version ${policyVersion} here`);
  if (version.configHash !== configHash || (await policyVersionHash(version)) !== configHash) {
    return fail(`signed by key ${signature.kid}, but its configHash is not that of policy version ${policyVersion} of "${siteId}"`);
  }
  return {
    receiptId,
    valid: true,
    summary: `signed by key ${signature.kid} at ${serverTime}; policy version ${policyVersion} of "${siteId}" is what it names (configHash recomputed)`,
  };
}
