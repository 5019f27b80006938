/**
 * Sign-in throttle: after `maxFailures` failed sign-ins within `windowMs` from one client address, or for one
 * email, further attempts are refused (429 + Retry-After) until the window ends — even with the right password,
 * so guessing cannot continue. The counts live in the database (`login_failures`), so every instance sees the
 * same ones: N instances behind a load balancer do not give a guesser N times the attempts, and every attempt is
 * counted before its password is checked, so neither do N guesses sent at once.
 * A successful sign-in clears the email's count.
 */
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
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

  /**
   * Counts this sign-in as a failure against every key *before* its password is checked, so a burst of parallel guesses
   * cannot all pass a check made while none of them has failed yet. A refused attempt takes its count back (it checked
   * no password, and a guesser locked out by address must not use up the count of the email they aim at); a right
   * password takes it back through `succeeded()`.
   */
  async attempt(keys: readonly string[], now = new Date()): Promise<ThrottleState> {
    const at = now.toISOString();
    const resetAt = new Date(now.getTime() + this.windowMs);
    // A window that has run out starts again at this attempt.
    const expired = sql`${loginFailures.resetAt} <= ${at}::timestamptz`;
    const counted = await this.db
      .insert(loginFailures)
      .values(keys.map((key) => ({ key, count: 1, resetAt })))
      .onConflictDoUpdate({
        target: loginFailures.key,
        set: {
          count: sql`case when ${expired} then 1 else ${loginFailures.count} + 1 end`,
          resetAt: sql`case when ${expired} then ${resetAt.toISOString()}::timestamptz else ${loginFailures.resetAt} end`,
          refused: sql`case when ${expired} then false else ${loginFailures.refused} end`,
        },
      })
      .returning({ key: loginFailures.key, count: loginFailures.count, resetAt: loginFailures.resetAt });
    const full = counted.filter((row) => row.count > this.maxFailures);
    if (full.length === 0) {
      // Rows whose window ran out count for nothing: dropped here, where the attempt costs a password hash anyway.
      await this.db.delete(loginFailures).where(lte(loginFailures.resetAt, now));
      return { blocked: false, retryAfterSeconds: 0, firstRefusal: false };
    }
    await this.uncount(keys);
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

  /** The attempt's password was right: it does not count against the address, and the email's count starts over. */
  async succeeded(addressKey: string, emailKey: string): Promise<void> {
    await this.uncount([addressKey]);
    await this.db.delete(loginFailures).where(eq(loginFailures.key, emailKey));
  }

  private async uncount(keys: readonly string[]): Promise<void> {
    await this.db
      .update(loginFailures)
      .set({ count: sql`greatest(${loginFailures.count} - 1, 0)` })
      .where(inArray(loginFailures.key, [...keys]));
  }
}
