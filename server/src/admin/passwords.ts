/**
 * Admin passwords: argon2id (memory-hard) with OWASP's minimum parameters, stored as a PHC string
 * (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), so the parameters can be raised later without breaking old hashes.
 * Verification recomputes the hash and compares in constant time; an unknown user is checked against a dummy hash
 * so both failures take the same time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { argon2id } from 'hash-wasm';

const PARAMS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 } as const;
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...PARAMS, outputType: 'encoded' });
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const match = PHC.exec(encoded);
  if (!match) throw new Error('stored password hash is not an argon2id PHC string');
  const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const actual = await argon2id({
    password,
    salt: Buffer.from(salt, 'base64'),
    memorySize: Number(m),
    iterations: Number(t),
    parallelism: Number(p),
    hashLength: expected.length,
    outputType: 'binary',
  });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification when there is no user, so the answer does not tell which emails exist. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}

/** A password for generated accounts (CLI, demo): 24 random bytes, base64url. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
