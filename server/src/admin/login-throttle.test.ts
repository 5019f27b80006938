import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('sign-in throttle', () => {
  it('blocks an address after too many failures, whatever emails it tries, until the window ends', () => {
    const throttle = new LoginThrottle(3, 60_000);
    const t0 = 1_000_000;
    for (const email of ['a@x', 'b@x', 'c@x']) {
      expect(throttle.check(['ip:1', `email:${email}`], t0).blocked).toBe(false);
      throttle.fail(['ip:1', `email:${email}`], t0);
    }
    const blocked = throttle.check(['ip:1', 'email:d@x'], t0 + 10_000);
    expect(blocked).toEqual({ blocked: true, retryAfterSeconds: 50, firstRefusal: true });
    // Only the first refusal of a lockout is reported as such (it is the one audited).
    expect(throttle.check(['ip:1', 'email:d@x'], t0 + 11_000)).toEqual({ blocked: true, retryAfterSeconds: 49, firstRefusal: false });
    expect(throttle.check(['ip:2', 'email:d@x'], t0 + 10_000).blocked).toBe(false);
    expect(throttle.check(['ip:1', 'email:d@x'], t0 + 60_000).blocked).toBe(false);
  });

  it('blocks an email tried from many addresses, and a success clears the email', () => {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.fail(['ip:1', 'email:a@x'], 0);
    throttle.fail(['ip:2', 'email:a@x'], 0);
    expect(throttle.check(['ip:3', 'email:a@x'], 1).blocked).toBe(true);
    throttle.clear('email:a@x');
    expect(throttle.check(['ip:3', 'email:a@x'], 1).blocked).toBe(false);
  });
});
