/** The `from`/`to` filters of the admin queries, one definition for every route that takes them. */
import { z } from '@hono/zod-openapi';
import { inTimeRange, TIME_RANGE_MESSAGE } from '@consentgate/shared';

const FORMAT = 'an ISO 8601 date (2026-03-01) or date-time with offset (2026-03-01T12:00:00Z)';

/**
 * An optional query time, calendar-checked (2026-02-30 is refused, not read as 2 March), with an explicit offset (no
 * server-local time), between 1970 and 9998 (the bounds a receipt's clientTime has too); handed to the route as a Date.
 */
export const timeParam = (description: string) =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `expected ${FORMAT}` })
    .refine(inTimeRange, TIME_RANGE_MESSAGE)
    .transform((value) => new Date(value))
    .optional()
    .openapi({ description: `${description} Format: ${FORMAT}.`, type: 'string' });
