/**
 * Middleware: a request that only reads, and that the database has not answered within `ms`, gets 503 (see
 * withDeadline). Changes are left to finish: answered 503, a change would still land, and the client's retry would
 * find it already made.
 */
import type { MiddlewareHandler } from 'hono';
import { withDeadline } from '../db/unavailable.js';

const READS = new Set(['GET', 'HEAD']);

export const readDeadline =
  (ms: number): MiddlewareHandler =>
  (c, next) =>
    READS.has(c.req.method) ? withDeadline(next(), ms) : next();
