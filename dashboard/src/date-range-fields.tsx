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
