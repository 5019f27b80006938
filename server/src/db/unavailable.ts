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

/** SQLSTATE classes/codes meaning the server is going away, not accepting work yet, or unable to write. */
function isUnavailableSqlState(code: string, severity: unknown): boolean {
  return (
    code.startsWith('08') || // connection exception
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    code === '53300' || // too_many_connections
    // read_only_sql_transaction: the server is a standby or was made read-only (a failover in progress); the app
    // itself never opens read-only transactions, so a write refused this way waits for a writable primary.
    code === '25006' ||
    // object_not_in_prerequisite_state as a FATAL at connection time: "database … is not currently accepting
    // connections" (ALLOW_CONNECTIONS false). The same code raised by a statement is a bug, not an outage.
    (code === '55000' && severity === 'FATAL')
  );
}

/**
 * Whether `err` or an error it wraps (drizzle's DrizzleQueryError, an AggregateError) carries a code `test` accepts
 * (with the error's severity, when the driver reports one).
 */
function hasCode(err: unknown, test: (code: string, severity: unknown) => boolean): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (typeof current !== 'object') return false;
    const { code, severity } = current as { code?: unknown; severity?: unknown };
    if (typeof code === 'string' && test(code, severity)) return true;
    if (current instanceof AggregateError && current.errors.some((e) => hasCode(e, test))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Raised by our own code when the database is not answering in time (it may be reachable but stuck). */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/**
 * `work`, or a DatabaseUnavailableError (503) once `ms` pass without it settling: a database that waits on a lock or
 * a partitioned network would otherwise hold the request open without limit. The work itself goes on; whoever shares
 * its promise (a cache) still gets its result.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, message = `the database did not answer within ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  return hasCode(err, (code, severity) => NETWORK_CODES.has(code) || isUnavailableSqlState(code, severity));
}

/**
 * SQLSTATEs that mean the request carried a value PostgreSQL cannot store: a NUL character in text or jsonb
 * (22021, 22P05) or a number out of its column's range (22003). The statement failed, so nothing changed: a 400.
 */
const BAD_VALUE_STATES = new Set(['22021', '22P05', '22003']);

/** 55P03 lock_not_available: a lock not granted within the transaction's lock_timeout. */
export function isLockTimeout(err: unknown): boolean {
  return hasCode(err, (code) => code === '55P03');
}

/** 42P01 undefined_table: e.g. the migrations table of a database never migrated. */
export function isMissingTable(err: unknown): boolean {
  return hasCode(err, (code) => code === '42P01');
}

export function isUnstorableValue(err: unknown): boolean {
  return hasCode(err, (code) => BAD_VALUE_STATES.has(code));
}
