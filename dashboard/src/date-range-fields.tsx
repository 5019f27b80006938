/** The From/To (UTC) date inputs of a filter form, and the query parameters they make (`to` includes its whole day). */
import { dayAfter } from './format.js';

export function DateRangeFields() {
  return (
    <>
      <label>
        From (UTC)
        <input type="date" name="from" />
      </label>
      <label>
        To (UTC)
        <input type="date" name="to" />
      </label>
    </>
  );
}

export function dateRangeParams(from: string, to: string) {
  return { from: from || undefined, to: to ? dayAfter(to) : undefined };
}

/** Why a From/To pair is not a range (the same words as the statistics screen), or null. */
export function dateRangeProblem(from: string, to: string): string | null {
  return from && to && from > to ? 'Pick a start date on or before the end date.' : null;
}
