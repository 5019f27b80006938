/**
 * Dashboard sessions. The cookie holds 32 random bytes; the database keeps only their SHA-256, so a leaked
 * database dump cannot be replayed as a session. Lifetime: fixed 12 hours from sign-in (not sliding), so a
 * stolen cookie stops working within a working day whatever its thief does.
 */
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema.js';
import { hashSecret, randomSecret } from './secret-tokens.js';

export const SESSION_COOKIE = 'cg_session';
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface NewSession {
  /** Cookie value; shown to the browser only. */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: string, now = new Date()): Promise<NewSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  // Expired rows are useless; clearing them here keeps the table small without another timer.
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.insert(sessions).values({ idHash: hashSecret(secret), userId, csrfToken, expiresAt });
  return { secret, csrfToken, expiresAt };
}

export async function findSession(db: Db, secret: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, hashSecret(secret)), gt(sessions.expiresAt, now)))
    .limit(1);
  return row;
}

export async function deleteSession(db: Db, secret: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashSecret(secret)));
}

/** Signs a user out everywhere (password change, disabling, role change). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
