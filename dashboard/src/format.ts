/** Display helpers shared by the screens. All dates are shown and entered in UTC, like the server's buckets. */
import type { ConsentMethod } from '@consentgate/shared';

export const METHOD_LABELS: Record<ConsentMethod, string> = {
  'accept-all': 'Accept all',
  'reject-all': 'Reject all',
  custom: 'Custom choice',
  gpc: 'GPC signal',
  withdraw: 'Withdrawn',
};

export const METHODS = Object.keys(METHOD_LABELS) as ConsentMethod[];

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a time, in UTC. */
export function isoDate(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The UTC day after a YYYY-MM-DD date (for exclusive ends). */
export function dayAfter(date: string): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

export function daysBefore(date: string, days: number): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS);
}

export function percent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return `${(value * 100).toFixed(1)} %`;
}

export function share(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

/** To the second: receipts of one visitor often come seconds apart, and the times are evidence. */
export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The non-empty lines of a textarea, trimmed (allowed origins are entered one per line). */
export function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
