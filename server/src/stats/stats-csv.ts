/**
 * The statistics as CSV, one line per bucket of the range (empty ones too, so a spreadsheet gets an even time axis):
 * start and end (ISO 8601, UTC), receipts, receipts per method, then per category (necessary aside: it is always
 * granted) granted, decided and the opt-in rate (0…1, empty when nothing was decided).
 */
import { CONSENT_METHODS, type SiteStats, type StatsBucket } from '@consentgate/shared';
import { csvLine } from '../http/csv.js';

export function statsToCsv(stats: SiteStats): string {
  const categories = Object.keys(stats.totals.categories).filter((c) => c !== 'necessary').sort();
  const header = [
    'start', 'end', 'receipts', ...CONSENT_METHODS,
    ...categories.flatMap((c) => [`${c} granted`, `${c} decided`, `${c} opt-in rate`]),
  ];
  const line = (bucket: StatsBucket, end: string) => [
    bucket.start, end, String(bucket.total), ...CONSENT_METHODS.map((m) => String(bucket.methods[m])),
    ...categories.flatMap((c) => {
      const counts = bucket.categories[c];
      return [String(counts?.granted ?? 0), String(counts?.decided ?? 0), counts?.rate == null ? '' : String(counts.rate)];
    }),
  ];
  return [
    csvLine(header),
    ...stats.buckets.map((bucket, i) => csvLine(line(bucket, stats.buckets[i + 1]?.start ?? stats.to))),
  ].join('');
}
