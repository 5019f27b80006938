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

/** What a date range that is not one is told (on every screen with a From/To pair). */
export const RANGE_PROBLEM = 'Pick a start date on or before the end date.';

/** Why a From/To pair is not a range, or null (either date may be left empty). */
export function dateRangeProblem(from: string, to: string): string | null {
  return from && to && from > to ? RANGE_PROBLEM : null;
}
