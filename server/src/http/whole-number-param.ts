/** A whole number in a URL path or query, one definition for every admin route that takes one. */
import { z } from '@hono/zod-openapi';

/**
 * Written in plain digits: "50", not "5e1", "050", "0x32", "50.0" or " 50", which z.coerce.number would all take. A
 * URL someone typed that way is more likely a mistake than a number, so it is pointed out (400), not guessed at.
 */
export const wholeNumberParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/, 'expected a whole number written in digits, such as 50')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max });

/** How many entries one page of an admin list holds, when the request does not say. */
export const pageSizeParam = (fallback: number) => wholeNumberParam(1, 500).default(fallback).openapi({ default: fallback });
