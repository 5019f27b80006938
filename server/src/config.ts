/**
 * The one config loader: every setting the server reads from the environment, with its default.
 * Invalid values fail loudly at start instead of silently falling back.
 */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export interface RateLimitConfig {
  /** Receipts one client IP may send per window; 0 turns the limit off. */
  receiptsPerWindow: number;
  windowMs: number;
}

export interface AdminConfig {
  /** CG_ADMIN_EMAIL / CG_ADMIN_PASSWORD: the first owner, created at start when no user exists. */
  firstOwnerEmail: string | undefined;
  firstOwnerPassword: string | undefined;
  /** Failed sign-ins per client address and per email before sign-in is refused for the rest of the window. */
  loginMaxFailures: number;
  loginWindowMs: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  /** postgres://… ; undefined → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database and other local state. */
  dataDir: string;
  /** Public base URL (used in snippets and printed at start), without a trailing slash. */
  publicUrl: string;
  /** Take the client IP from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  rateLimit: RateLimitConfig;
  /** Folder holding the built widget (consent.js and its chunks). */
  widgetDir: string;
  /** Folder holding the built dashboard (served at /admin). */
  dashboardDir: string;
  /** How often the dashboard statistics are rolled up (ms); 0 turns the timer off (charts still count live). */
  statsRollupMs: number;
  /** Largest number of receipts written in one statement. */
  ingestBatchMax: number;
  /** Receipt batches written at the same time (PostgreSQL only; PGlite has one connection). */
  ingestConcurrency: number;
  admin: AdminConfig;
  /** How often receipts past their site's retention are purged; 0 turns the timer off. */
  purgeIntervalMs: number;
  /** Apply migrations at start (off: the deploy step runs `pnpm cg migrate`; a role without CREATE can then run). */
  migrateOnStart: boolean;
  /** A receipt the database has not committed within this time is answered 503 (a stuck, not a refused, database). */
  ingestTimeoutMs: number;
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A path as the user meant it: relative to the directory they ran the command in. pnpm and npm run scripts inside the
 * package (`pnpm cg` in server/) and say where the user was in INIT_CWD.
 */
export function fromCaller(env: NodeJS.ProcessEnv, path: string): string {
  return resolve(env.INIT_CWD || process.cwd(), path);
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  if (value > max) throw new Error(`${name} must be at most ${max}, got "${raw}"`);
  return value;
}

/** Node runs a timer longer than this (≈ 24.8 days) after 1 ms, so a "practically never" would mean "at once". */
const MAX_TIMER_MS = 2_147_483_647;

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = intFrom(env, 'PORT', 8787, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (!env.CG_ADMIN_EMAIL !== !env.CG_ADMIN_PASSWORD) {
    throw new Error('set both CG_ADMIN_EMAIL and CG_ADMIN_PASSWORD (the first dashboard owner), or neither');
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const publicUrl = (env.PUBLIC_URL || `http://${shownHost}:${port}`).replace(/\/+$/, '');
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    throw new Error(`PUBLIC_URL must be the http(s) origin visitors reach the server at, e.g. https://consent.example.com, got "${env.PUBLIC_URL}"`);
  }
  return {
    port,
    host,
    databaseUrl,
    dataDir: env.CG_DATA_DIR ? fromCaller(env, env.CG_DATA_DIR) : join(REPO_ROOT, '.data'),
    publicUrl,
    trustProxy: boolFrom(env, 'TRUST_PROXY', false),
    rateLimit: {
      receiptsPerWindow: intFrom(env, 'CG_RATE_LIMIT_RECEIPTS', 600),
      windowMs: intFrom(env, 'CG_RATE_LIMIT_WINDOW_MS', 60_000, 1, MAX_TIMER_MS),
    },
    widgetDir: env.CG_WIDGET_DIR ? fromCaller(env, env.CG_WIDGET_DIR) : join(REPO_ROOT, 'widget', 'dist'),
    dashboardDir: env.CG_DASHBOARD_DIR ? fromCaller(env, env.CG_DASHBOARD_DIR) : join(REPO_ROOT, 'dashboard', 'dist'),
    statsRollupMs: intFrom(env, 'CG_STATS_ROLLUP_MS', 60_000, 0, MAX_TIMER_MS),
    ingestBatchMax: intFrom(env, 'CG_INGEST_BATCH_MAX', 256, 1),
    ingestConcurrency: intFrom(env, 'CG_INGEST_CONCURRENCY', 2, 1),
    admin: {
      firstOwnerEmail: env.CG_ADMIN_EMAIL || undefined,
      firstOwnerPassword: env.CG_ADMIN_PASSWORD || undefined,
      loginMaxFailures: intFrom(env, 'CG_LOGIN_MAX_FAILURES', 10, 1),
      loginWindowMs: 15 * 60_000,
    },
    purgeIntervalMs: intFrom(env, 'CG_PURGE_INTERVAL_MS', 60 * 60_000, 0, MAX_TIMER_MS),
    migrateOnStart: boolFrom(env, 'CG_MIGRATE_ON_START', true),
    ingestTimeoutMs: intFrom(env, 'CG_INGEST_TIMEOUT_MS', 10_000, 1, MAX_TIMER_MS),
  };
}
