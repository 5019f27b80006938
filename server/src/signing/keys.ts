/**
 * Ed25519 keys that sign receipts. The first start generates one and stores it in signing_keys; the newest
 * key that is not retired signs; every key (retired too) is published in the JWKS so old receipts keep verifying.
 * Signing uses node:crypto directly on the hot path (the output is a standard compact JWS that jose verifies).
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { and, desc, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import type { Db } from '../db/client.js';
import { signingKeys } from '../db/schema.js';

export interface ReceiptSigner {
  kid: string;
  /** Compact JWS (EdDSA) over the given payload string. */
  sign(payload: string): string;
}

const JWKS_TTL_MS = 30_000;
export const SIGNER_TTL_MS = 30_000;
/** How long the JWKS answer may be cached by verifiers (its Cache-Control max-age). */
export const JWKS_MAX_AGE_S = 300;
/**
 * A rotated-in key signs only after it has been published this long: until then some instance's JWKS cache, or a
 * verifier's HTTP cache of it, may not list it yet, and a receipt signed with it would not verify there.
 */
export const PUBLISH_LEAD_MS = JWKS_MAX_AGE_S * 1000 + JWKS_TTL_MS;

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

async function newKeyRow(): Promise<typeof signingKeys.$inferInsert> {
  const { publicKey, privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, alg: 'EdDSA', publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }, privateJwk: { ...privateJwk, kid } };
}

export async function generateSigningKey(db: Db): Promise<string> {
  const row = await newKeyRow();
  await db.insert(signingKeys).values(row).onConflictDoNothing();
  return row.kid;
}

/** Any constant shared by all instances; the key of the advisory lock taken while making the first signing key. */
const FIRST_KEY_LOCK = 0x63676b79; // "cgky"

/**
 * The first signing key, made by exactly one of the instances that start together on a fresh database: each would
 * otherwise store its own, and the second, never retired, would take over signing minutes later with no rotation.
 */
async function createFirstSigningKey(db: Db): Promise<void> {
  const row = await newKeyRow();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_KEY_LOCK})`);
    const [existing] = await tx.select({ kid: signingKeys.kid }).from(signingKeys).limit(1);
    if (!existing) await tx.insert(signingKeys).values(row);
  });
}

/**
 * A new signing key, published at once; every older one is retired `leadMs` from now (then it no longer signs, and
 * stays in the JWKS so its receipts verify). Until then the old key keeps signing, so no receipt is signed with a key
 * a cached JWKS does not list; running servers switch within SIGNER_TTL_MS after that.
 */
export async function rotateSigningKey(db: Db, leadMs = PUBLISH_LEAD_MS): Promise<{ kid: string; retired: string[] }> {
  const kid = await generateSigningKey(db);
  const retired = await db
    .update(signingKeys)
    .set({ retiredAt: sql`now() + make_interval(secs => ${leadMs / 1000})` })
    .where(and(isNull(signingKeys.retiredAt), ne(signingKeys.kid, kid)))
    .returning({ kid: signingKeys.kid });
  return { kid, retired: retired.map((k) => k.kid) };
}

/**
 * The key that signs now: of the keys not yet retired, the newest one published at least `leadMs` ago; when none is
 * that old (a fresh database), the one published longest. Times are the database's, so skewed clocks agree.
 */
async function loadActiveKey(db: Db, leadMs: number) {
  const published = sql`${signingKeys.createdAt} <= now() - make_interval(secs => ${leadMs / 1000})`;
  const [row] = await db
    .select()
    .from(signingKeys)
    .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, sql`now()`)))
    .orderBy(
      sql`${published} desc`,
      sql`case when ${published} then extract(epoch from ${signingKeys.createdAt}) else -extract(epoch from ${signingKeys.createdAt}) end desc`,
      desc(signingKeys.kid),
    )
    .limit(1);
  return row;
}

export class SigningKeys {
  private signerCache: { at: number; value: Promise<ReceiptSigner> } | undefined;
  private jwksCache: { at: number; value: Promise<JSONWebKeySet> } | undefined;

  /** `signerTtlMs`: how soon a key rotated by another process (`pnpm cg key rotate`) takes over signing here. */
  constructor(
    private readonly db: Db,
    private readonly signerTtlMs = SIGNER_TTL_MS,
    /** The rotation lead (PUBLISH_LEAD_MS); shorter only in tests. */
    private readonly publishLeadMs = PUBLISH_LEAD_MS,
  ) {}

  /** The signer for new receipts; creates the first key when the database has none. */
  signer(): Promise<ReceiptSigner> {
    const now = Date.now();
    if (!this.signerCache || now - this.signerCache.at > this.signerTtlMs) {
      const previous = this.signerCache?.value;
      const attempt = this.loadSigner();
      // While the database is down the key in hand keeps signing (the receipt then waits for the database anyway);
      // without one, a failure is not remembered: the next request tries again.
      const value = previous ? attempt.catch(() => previous) : attempt;
      this.signerCache = { at: now, value };
      if (!previous) {
        attempt.catch(() => {
          if (this.signerCache?.value === value) this.signerCache = undefined;
        });
      }
    }
    return this.signerCache.value;
  }

  private async loadSigner(): Promise<ReceiptSigner> {
    let row = await loadActiveKey(this.db, this.publishLeadMs);
    if (!row) {
      await createFirstSigningKey(this.db);
      row = await loadActiveKey(this.db, this.publishLeadMs);
    }
    if (!row) throw new Error('no signing key could be created');
    const kid = row.kid;
    const key: KeyObject = createPrivateKey({ key: row.privateJwk as JWK & { kty: string }, format: 'jwk' });
    const header = b64url(JSON.stringify({ alg: 'EdDSA', kid }));
    return {
      kid,
      sign(payload: string): string {
        const input = `${header}.${b64url(payload)}`;
        return `${input}.${b64url(sign(null, Buffer.from(input), key))}`;
      },
    };
  }

  /** Public keys of every signing key ever used (cached briefly; keys from other instances show up within 30 s). */
  jwks(): Promise<JSONWebKeySet> {
    const now = Date.now();
    if (this.jwksCache && now - this.jwksCache.at < JWKS_TTL_MS) return this.jwksCache.value;
    const previous = this.jwksCache?.value;
    const attempt = this.db
      .select({ publicJwk: signingKeys.publicJwk })
      .from(signingKeys)
      .orderBy(desc(signingKeys.createdAt))
      .then((rows) => ({ keys: rows.map((r) => r.publicJwk as unknown as JWK) }));
    // Keys are only ever added, so while the database is down the set in hand still verifies every receipt this
    // process signed; without one, a failure is not remembered.
    const value = previous ? attempt.catch(() => previous) : attempt;
    const entry = { at: now, value };
    this.jwksCache = entry;
    value.catch(() => {
      if (this.jwksCache === entry) this.jwksCache = undefined;
    });
    return value;
  }

  /** Forget cached keys (after a rotation in this process). */
  reset(): void {
    this.signerCache = undefined;
    this.jwksCache = undefined;
  }
}
