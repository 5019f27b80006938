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
      expect((await throttle.attempt(['ip:1', `email:${email}`], at(0))).blocked).toBe(false);
    }
    expect(await throttle.attempt(['ip:1', 'email:d@x'], at(10_000))).toEqual({ blocked: true, retryAfterSeconds: 50, firstRefusal: true });
    // Only the first refusal of a lockout is reported as such (it is the one audited).
    expect(await throttle.attempt(['ip:1', 'email:d@x'], at(11_000))).toEqual({ blocked: true, retryAfterSeconds: 49, firstRefusal: false });
    // The refused attempts did not count against d@x: two more from another address pass.
    expect((await throttle.attempt(['ip:2', 'email:d@x'], at(12_000))).blocked).toBe(false);
    expect((await throttle.attempt(['ip:3', 'email:d@x'], at(12_000))).blocked).toBe(false);
    expect((await throttle.attempt(['ip:1', 'email:e@x'], at(60_000))).blocked).toBe(false);
  });

  it('starts a new window after the old one ran out, with a fresh first refusal', async () => {
    const throttle = new LoginThrottle(database.db, 2, 60_000);
    await throttle.attempt(['ip:9'], at(0));
    await throttle.attempt(['ip:9'], at(1_000));
    expect((await throttle.attempt(['ip:9'], at(2_000))).firstRefusal).toBe(true);
    // One attempt after the window ended counts as the first of a new one, not the third.
    expect((await throttle.attempt(['ip:9'], at(70_000))).blocked).toBe(false);
    expect((await throttle.attempt(['ip:9'], at(72_000))).blocked).toBe(false);
    expect(await throttle.attempt(['ip:9'], at(73_000))).toEqual({ blocked: true, retryAfterSeconds: 57, firstRefusal: true });
  });

  it('blocks an email tried from many addresses; a success neither counts nor leaves the email counted', async () => {
    const throttle = new LoginThrottle(database.db, 2, 60_000);
    await throttle.attempt(['ip:1', 'email:e@x'], at(200_000));
    await throttle.attempt(['ip:2', 'email:e@x'], at(200_000));
    expect((await throttle.attempt(['ip:3', 'email:e@x'], at(200_001))).blocked).toBe(true);

    await throttle.attempt(['ip:4', 'email:f@x'], at(200_000));
    await throttle.attempt(['ip:5', 'email:f@x'], at(200_000));
    await throttle.succeeded('ip:5', 'email:f@x');
    // ip:5 has its count back and f@x starts over: two more failures each before a refusal.
    for (const address of ['ip:5', 'ip:6']) expect((await throttle.attempt([address, 'email:f@x'], at(200_001))).blocked).toBe(false);
    expect((await throttle.attempt(['ip:5'], at(200_001))).blocked).toBe(false);
    expect((await throttle.attempt(['ip:5'], at(200_001))).blocked).toBe(true);
  });

  it('lets no more attempts through than the limit when they arrive at once', async () => {
    const throttle = new LoginThrottle(database.db, 3, 60_000);
    const states = await Promise.all(Array.from({ length: 12 }, () => throttle.attempt(['ip:burst'], at(400_000))));
    expect(states.filter((s) => !s.blocked)).toHaveLength(3);
  });

  it('shares its counts between instances on one database', async () => {
    const one = new LoginThrottle(database.db, 2, 60_000);
    const two = new LoginThrottle(database.db, 2, 60_000);
    await one.attempt(['ip:7'], at(300_000));
    await two.attempt(['ip:7'], at(300_000));
    expect((await one.attempt(['ip:7'], at(300_001))).blocked).toBe(true);
    expect((await two.attempt(['ip:7'], at(300_001))).blocked).toBe(true);
  });
});
