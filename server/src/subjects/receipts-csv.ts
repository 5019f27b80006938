/**
 * CSV export of signed receipts (RFC 4180 quoting; decisions as `id=true;id=false`). The last column, `receipt`,
 * holds the whole signed receipt as JSON, so any row can be verified like a JSON export.
 */
import type { SignedReceipt } from '@consentgate/shared';
import { csvLine } from '../http/csv.js';

const COLUMNS = [
  'receiptId', 'serverTime', 'siteId', 'subjectId', 'policyVersion', 'method', 'collection', 'gpc',
  'categories', 'services', 'locale', 'pageUrl', 'validUntil',
] as const;

function cell(value: unknown): string {
  return value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(';')
      : String(value);
}

/** The header line, with its line break (for exports streamed page by page). */
export const CSV_HEADER = csvLine([...COLUMNS, 'receipt']);

/** Lines for some receipts, each with its line break. */
export function receiptCsvLines(receipts: readonly SignedReceipt[]): string {
  return receipts.map((r) => csvLine([...COLUMNS.map((c) => cell(r[c])), JSON.stringify(r)])).join('');
}

export function receiptsToCsv(receipts: SignedReceipt[]): string {
  return CSV_HEADER + receiptCsvLines(receipts);
}
