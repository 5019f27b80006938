import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('a key rotated by another process (the CLI) takes over signing here once the signer is re-read', async () => {
    const res = await postReceipt(f.app, validReceipt(f.site));
    expect(res.status).toBe(201);
    const before = kidOf(((await res.json()) as { signature: string }).signature);

    // A second server process on the same database, re-reading its key after 50 ms instead of 30 s.
    const other = new SigningKeys(f.database.db, 50);
    expect((await other.signer()).kid).toBe(before);
    const { kid, retired } = await rotateSigningKey(f.database.db);
    expect(retired).toContain(before);
    expect((await other.signer()).kid).toBe(before); // still within its TTL
    await new Promise((r) => setTimeout(r, 80));
    expect((await other.signer()).kid).toBe(kid);
    // The retired key stays published, so what it signed keeps verifying.
    expect((await other.jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([before, kid]));
  });
});
