/**
 * Sign-in throttle: after `maxFailures` failed sign-ins within `windowMs` from one client address, or for one
 * email, further attempts are refused (429 + Retry-After) until the window ends — even with the right password,
 * so guessing cannot continue. The counts live in the database (`login_failures`), so every instance sees the
 * same ones: N instances behind a load balancer do not give a guesser N times the attempts.
 * A successful sign-in clears the email's count.
 */
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { loginFailures } from '../db/schema.js';

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
  /** The first refusal of this lockout (it is audited; the ones after it are not, so a flood cannot fill the trail). */
  firstRefusal: boolean;
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  async check(keys: readonly string[], now = new Date()): Promise<ThrottleState> {
    const full = await this.db
      .select({ key: loginFailures.key, resetAt: loginFailures.resetAt })
      .from(loginFailures)
      .where(and(inArray(loginFailures.key, [...keys]), gt(loginFailures.resetAt, now), sql`${loginFailures.count} >= ${this.maxFailures}`));
    if (full.length === 0) return { blocked: false, retryAfterSeconds: 0, firstRefusal: false };
    const retryAt = Math.max(...full.map((row) => row.resetAt.getTime()));
    // Marking the refusal in the same statement that finds it unmarked: of two instances refusing at once, one wins.
    const marked = await this.db
      .update(loginFailures)
      .set({ refused: true })
      .where(and(inArray(loginFailures.key, full.map((row) => row.key)), eq(loginFailures.refused, false)))
      .returning({ key: loginFailures.key });
    return {
      blocked: true,
      retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
      firstRefusal: marked.length > 0,
    };
  }

  async fail(keys: readonly string[], now = new Date()): Promise<void> {
    const at = now.toISOString();
    const resetAt = new Date(now.getTime() + this.windowMs);
    // A window that has run out starts again at this failure.
    const expired = sql`${loginFailures.resetAt} <= ${at}::timestamptz`;
    await this.db
      .insert(loginFailures)
      .values(keys.map((key) => ({ key, count: 1, resetAt })))
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          count: sql`case when ${expired} then 1 else ${loginFailures.count} + 1 end`,
          resetAt: sql`case when ${expired} then ${resetAt.toISOString()}::timestamptz else ${loginFailures.resetAt} end`,
          refused: sql`case when ${expired} then false else ${loginFailures.refused} end`,
        },
      });
    // Rows whose window ran out count for nothing: drop them here, where a failure already cost a password hash.
    await this.db.delete(loginFailures).where(lte(loginFailures.resetAt, now));
  }

  async clear(key: string): Promise<void> {
    await this.db.delete(loginFailures).where(eq(loginFailures.key, key));
  }
}
