import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind, type TestDatabase } from '../db/test-database.js';
import { LoginThrottle } from './login-throttle.js';

describe(`sign-in throttle (${testDbKind()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  const at = (ms: number) => new Date(1_800_000_000_000 + ms);

  it('blocks an address after too many failures, whatever emails it tries, until the window ends', async () => {
    const throttle = new LoginThrottle(database.db, 3, 60_000);
    for (const email of ['a@x', 'b@x', 'c@x']) {
      expect((await throttle.check(['ip:1', `email:${email}`], at(0))).blocked).toBe(false);
      await throttle.fail(['ip:1', `email:${email}`], at(0));
    }
    expect(await throttle.check(['ip:1', 'email:d@x'], at(10_000))).toEqual({ blocked: true, retryAfterSeconds: 50, firstRefusal: true });
    // Only the first refusal of a lockout is reported as such (it is the one audited).
    expect(await throttle.check(['ip:1', 'email:d@x'], at(11_000))).toEqual({ blocked: true, retryAfterSeconds: 49, firstRefusal: false });
    expect((await throttle.check(['ip:2', 'email:d@x'], at(10_000))).blocked).toBe(false);
    expect((await throttle.check(['ip:1', 'email:d@x'], at(60_000))).blocked).toBe(false);
  });

  it('starts a new window after the old one ran out, with a fresh first refusal', async () => {
    const throttle = new LoginThrottle(database.db, 2, 60_000);
    await throttle.fail(['ip:9'], at(0));
    await throttle.fail(['ip:9'], at(1_000));
    expect((await throttle.check(['ip:9'], at(2_000))).firstRefusal).toBe(true);
    // One failure after the window ended counts as the first of a new one, not the third.
    await throttle.fail(['ip:9'], at(70_000));
    expect((await throttle.check(['ip:9'], at(71_000))).blocked).toBe(false);
    await throttle.fail(['ip:9'], at(72_000));
    expect(await throttle.check(['ip:9'], at(73_000))).toEqual({ blocked: true, retryAfterSeconds: 57, firstRefusal: true });
  });

  it('blocks an email tried from many addresses, and a success clears the email', async () => {
    const throttle = new LoginThrottle(database.db, 2, 60_000);
    await throttle.fail(['ip:1', 'email:e@x'], at(200_000));
    await throttle.fail(['ip:2', 'email:e@x'], at(200_000));
    expect((await throttle.check(['ip:3', 'email:e@x'], at(200_001))).blocked).toBe(true);
    await throttle.clear('email:e@x');
    expect((await throttle.check(['ip:3', 'email:e@x'], at(200_001))).blocked).toBe(false);
  });

  it('shares its counts between instances on one database', async () => {
    const one = new LoginThrottle(database.db, 2, 60_000);
    const two = new LoginThrottle(database.db, 2, 60_000);
    await one.fail(['ip:7'], at(300_000));
    await two.fail(['ip:7'], at(300_000));
    expect((await one.check(['ip:7'], at(300_001))).blocked).toBe(true);
    expect((await two.check(['ip:7'], at(300_001))).blocked).toBe(true);
  });
});
