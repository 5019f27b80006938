import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client.js';
import { testDbKind } from '../db/test-database.js';
import { openAppFixture, postReceipt, validReceipt, type AppFixture } from '../testing/app-fixture.js';
import { rotateSigningKey, SigningKeys } from './keys.js';

let f: AppFixture;
beforeAll(async () => {
  f = await openAppFixture();
});
afterAll(async () => {
  await f?.close();
});

const kidOf = (jws: string) => (JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

describe(`signing keys (${testDbKind()})`, () => {
  it('a key rotated by another process (the CLI) is published at once and signs here only after the publish lead', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site));
    expect(res.status).toBe(201);
    const before = kidOf(((await res.json()) as { signature: string }).signature);

    // A second server process on the same database, re-reading its key after 50 ms instead of 30 s, with a publish
    // lead of 1 s instead of 5.5 min.
    const other = new SigningKeys(f.database.db, 50, 1_000);
    expect((await other.signer()).kid).toBe(before);
    const { kid, retired } = await rotateSigningKey(f.database.db, 1_000);
    expect(retired).toContain(before);
    // Published at once, but not signing yet: a JWKS cached just before the rotation would not know it.
    expect((await other.jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([before, kid]));
    await new Promise((r) => setTimeout(r, 100));
    expect((await other.signer()).kid).toBe(before);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await other.signer()).kid).toBe(kid);
    // The retired key stays published, so what it signed keeps verifying.
    expect((await other.jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([before, kid]));
  });

  it('keeps publishing the keys it last read while the database is down', async () => {
    let down = false;
    const failing = () => ({ from: () => ({ orderBy: () => Promise.reject(new Error('connect ECONNREFUSED')) }) });
    const db = new Proxy(f.database.db, {
      get: (target, prop, receiver) => (prop === 'select' && down ? failing : Reflect.get(target, prop, receiver)),
    }) as Db;
    const keys = new SigningKeys(db);
    const known = (await keys.jwks()).keys.map((k) => k.kid);
    expect(known.length).toBeGreaterThan(0);
    down = true;
    const later = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
    try {
      expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual(known);
      // Without a set in hand, a failure is not hidden.
      await expect(new SigningKeys(db).jwks()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      later.mockRestore();
    }
  });
});
