/**
 * Checks receipts someone hands in (a visitor's download, an export kept as evidence) against this server's
 * records: the signature against every key this server ever published, and the configHash against the policy
 * version the receipt names, recomputed from that version's config and frozen texts.
 */
import { policyVersionHash, type SignedReceipt } from '@consentgate/shared';
import { verifyReceipt } from '@consentgate/shared/verify';
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/client.js';
import type { SigningKeys } from '../signing/keys.js';
import { exportPolicyVersion } from '../sites/sites.js';

export interface ReceiptCheck {
  receiptId: string;
  valid: boolean;
  /** One line a person can read: what holds, or the first thing that does not. */
  summary: string;
}

const SHAPE = 'expected a receipt, an array of receipts, an export with "receipts", or a CSV export with a "receipt" column';

/** The receipts in a file: one receipt, an array of them, an export's `{ receipts: [...] }`, or a CSV export. */
export function receiptsIn(text: string): SignedReceipt[] {
  const list = looksLikeCsv(text) ? csvReceipts(text) : jsonReceipts(JSON.parse(text) as unknown);
  if (list.length === 0 || list.some((r) => typeof r !== 'object' || r === null || !('signature' in r))) throw new Error(SHAPE);
  return list as SignedReceipt[];
}

const looksLikeCsv = (text: string) => !/^\s*[[{]/.test(text);

function jsonReceipts(json: unknown): unknown[] {
  const list = Array.isArray(json) ? json : ((json as { receipts?: unknown } | null)?.receipts ?? [json]);
  if (!Array.isArray(list)) throw new Error(SHAPE);
  return list;
}

/** The CSV exports' last column holds each whole signed receipt as JSON (subjects/receipts-csv.ts). */
function csvReceipts(text: string): unknown[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
  return rows.map((row) => {
    if (row.receipt === undefined) throw new Error(SHAPE);
    return JSON.parse(row.receipt) as unknown;
  });
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
