/**
 * Sign-in throttle: after `maxFailures` failed sign-ins within `windowMs` from one client address, or for one
 * email, further attempts are refused (429 + Retry-After) until the window ends — even with the right password,
 * so guessing cannot continue. Counts live in process memory per instance, like the receipt rate limit.
 * A successful sign-in clears the email's count.
 */
export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
  /** The first refusal of this lockout (it is audited; the ones after it are not, so a flood cannot fill the trail). */
  firstRefusal: boolean;
}

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number; refused?: boolean }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  check(keys: readonly string[], now = Date.now()): ThrottleState {
    let retryAt = 0;
    let firstRefusal = false;
    for (const key of keys) {
      const entry = this.live(key, now);
      if (this.maxFailures > 0 && entry && entry.count >= this.maxFailures) {
        retryAt = Math.max(retryAt, entry.resetAt);
        if (!entry.refused) firstRefusal = entry.refused = true;
      }
    }
    return { blocked: retryAt > 0, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)), firstRefusal };
  }

  fail(keys: readonly string[], now = Date.now()): void {
    if (this.failures.size > 50_000) this.sweep(now);
    for (const key of keys) {
      const entry = this.live(key, now) ?? { count: 0, resetAt: now + this.windowMs };
      entry.count++;
      this.failures.set(key, entry);
    }
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private live(key: string, now: number) {
    const entry = this.failures.get(key);
    if (entry && entry.resetAt <= now) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(key);
  }
}
