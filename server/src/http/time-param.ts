/** The `from`/`to` filters of the admin queries, one definition for every route that takes them. */
import { z } from '@hono/zod-openapi';

// PostgreSQL has no year 0 and writes no year past 9999; a range is also rounded up to whole buckets, so the last
// accepted year leaves room for that.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 0, 1);
const FORMAT = 'an ISO 8601 date (2026-03-01) or date-time with offset (2026-03-01T12:00:00Z)';

/**
 * An optional query time, calendar-checked (2026-02-30 is refused, not read as 2 March), with an explicit offset (no
 * server-local time), between 1970 and 9998; handed to the route as a Date.
 */
export const timeParam = (description: string) =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `expected ${FORMAT}` })
    .refine((value) => {
      const ms = Date.parse(value);
      return ms >= EARLIEST && ms < LATEST;
    }, 'expected a time between 1970-01-01 and 9998-12-31')
    .transform((value) => new Date(value))
    .optional()
    .openapi({ description: `${description} Format: ${FORMAT}.`, type: 'string' });
