/**
 * API tokens for automation: `Authorization: Bearer cgt_…`. A token acts with its user's role and sites;
 * only its SHA-256 is stored, the token itself is shown once at creation. Revoked tokens stay listed.
 */
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ApiTokenInfo } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { apiTokens } from '../db/schema.js';
import { API_TOKEN_PREFIX, hashSecret, randomSecret } from './secret-tokens.js';

type TokenRow = typeof apiTokens.$inferSelect;

/** `lastUsedAt` is refreshed at most this often, so token traffic does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function describeToken(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiToken(db: Db, userId: string, name: string): Promise<{ token: string; row: TokenRow }> {
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: hashSecret(token) }).returning();
  if (!row) throw new Error('inserting the API token returned no row');
  return { token, row };
}

/** The live token row for a presented token, or undefined (unknown or revoked). */
export async function findLiveToken(db: Db, token: string): Promise<TokenRow | undefined> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return undefined;
  const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
  return row;
}

/** Tokens of one user, or of everybody when `userId` is undefined (owners). */
export function listApiTokens(db: Db, userId: string | undefined): Promise<TokenRow[]> {
  const query = db.select().from(apiTokens);
  return (userId ? query.where(eq(apiTokens.userId, userId)) : query).orderBy(desc(apiTokens.createdAt));
}

export async function findApiToken(db: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return row;
}

/** Revokes every live token of a user (a password reset or a disabled account: a leaked token must die too). */
export async function revokeUserTokens(db: Db, userId: string): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

export async function revokeApiToken(db: Db, id: string): Promise<TokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, id))
    .returning();
  return row;
}
