/** CSV export of signed receipts (RFC 4180 quoting; decisions as `id=true;id=false`). */
import type { SignedReceipt } from '@consentgate/shared';

const COLUMNS = [
  'receiptId', 'serverTime', 'siteId', 'subjectId', 'policyVersion', 'method', 'collection', 'gpc',
  'categories', 'services', 'locale', 'pageUrl', 'validUntil', 'signature',
] as const;

function cell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(';')
        : String(value);
  // Quote always when needed; a leading =,+,-,@ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function receiptsToCsv(receipts: SignedReceipt[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of receipts) lines.push(COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
