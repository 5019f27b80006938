/**
 * CSV export of signed receipts (RFC 4180 quoting; decisions as `id=true;id=false`). The last column, `receipt`,
 * holds the whole signed receipt as JSON, so any row can be verified like a JSON export.
 */
import type { SignedReceipt } from '@consentgate/shared';
import { csvField } from '../http/csv.js';

const COLUMNS = [
  'receiptId', 'serverTime', 'siteId', 'subjectId', 'policyVersion', 'method', 'collection', 'gpc',
  'categories', 'services', 'locale', 'pageUrl', 'validUntil',
] as const;

function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(';')
        : String(value);
  return csvField(text);
}

/** The header line, with its line break (for exports streamed page by page). */
export const CSV_HEADER = `${[...COLUMNS, 'receipt'].join(',')}\r\n`;

/** Lines for some receipts, each with its line break. */
export function receiptCsvLines(receipts: readonly SignedReceipt[]): string {
  return receipts.map((r) => `${COLUMNS.map((c) => cell(r[c])).join(',')},${csvField(JSON.stringify(r))}\r\n`).join('');
}

export function receiptsToCsv(receipts: SignedReceipt[]): string {
  return CSV_HEADER + receiptCsvLines(receipts);
}
