/**
 * Tells "the database cannot be reached right now" apart from every other failure, so the server answers
 * 503 (the client retries) instead of 500. Drivers wrap errors (drizzle's DrizzleQueryError), so the cause chain is walked.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  // postgres (porsager) driver's own codes
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** SQLSTATE classes/codes meaning the server is going away or not accepting work yet. */
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    code === '53300' // too_many_connections
  );
}

/** Whether `err` or an error it wraps (drizzle's DrizzleQueryError, an AggregateError) carries a code `test` accepts. */
function hasCode(err: unknown, test: (code: string) => boolean): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (typeof current !== 'object') return false;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && test(code)) return true;
    if (current instanceof AggregateError && current.errors.some((e) => hasCode(e, test))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Raised by our own code when the database is not answering in time (it may be reachable but stuck). */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  return hasCode(err, (code) => NETWORK_CODES.has(code) || isUnavailableSqlState(code));
}

/**
 * SQLSTATEs that mean the request carried a value PostgreSQL cannot store: a NUL character in text or jsonb
 * (22021, 22P05) or a number out of its column's range (22003). The statement failed, so nothing changed: a 400.
 */
const BAD_VALUE_STATES = new Set(['22021', '22P05', '22003']);

/** 42P01 undefined_table: e.g. the migrations table of a database never migrated. */
export function isMissingTable(err: unknown): boolean {
  return hasCode(err, (code) => code === '42P01');
}

export function isUnstorableValue(err: unknown): boolean {
  return hasCode(err, (code) => BAD_VALUE_STATES.has(code));
}
