/**
 * Dashboard users: owners see and manage everything; site admins and viewers see the sites assigned to them.
 * The last active owner can be neither removed, disabled nor demoted, so the installation never locks itself out.
 */
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AdminUser, UserRole } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { sites, users, userSites } from '../db/schema.js';
import { SYSTEM_ACTOR, writeAudit } from '../audit/audit-log.js';
import { hashPassword } from './passwords.js';
import { deleteUserSessions } from './sessions.js';
import { revokeUserTokens } from './api-tokens.js';

export type UserRow = typeof users.$inferSelect;

export class UserError extends Error {
  constructor(
    readonly code: 'user_exists' | 'user_not_found' | 'invalid_user' | 'last_owner',
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface NewUser {
  email: string;
  password: string;
  role: UserRole;
  sites?: readonly string[] | undefined;
}

export interface UserChange {
  role?: UserRole | undefined;
  sites?: readonly string[] | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normaliseEmail(email)}`)
    .limit(1);
  return row;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Site ids a user may see: every site for owners, the assigned ones for everybody else. */
export async function siteIdsOf(db: Db, user: Pick<UserRow, 'id' | 'role'>): Promise<string[]> {
  if (user.role === 'owner') return (await db.select({ id: sites.id }).from(sites).orderBy(asc(sites.id))).map((r) => r.id);
  const rows = await db
    .select({ id: userSites.siteId })
    .from(userSites)
    .where(eq(userSites.userId, user.id))
    .orderBy(asc(userSites.siteId));
  return rows.map((r) => r.id);
}

export async function describeUser(db: Db, user: UserRow): Promise<AdminUser> {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    sites: await siteIdsOf(db, user),
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}

export async function listUsers(db: Db): Promise<AdminUser[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return Promise.all(rows.map((u) => describeUser(db, u)));
}

async function checkSites(db: Db, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Set((await db.select({ id: sites.id }).from(sites).where(inArray(sites.id, unique))).map((r) => r.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new UserError('invalid_user', `unknown site(s): ${missing.join(', ')}`);
  return unique;
}

export async function createUser(db: Db, input: NewUser): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new UserError('invalid_user', `"${input.email}" is not an email address`);
  if (input.password.length < 12) throw new UserError('invalid_user', 'the password must have at least 12 characters');
  const siteIds = input.role === 'owner' ? [] : await checkSites(db, input.sites ?? []);
  const passwordHash = await hashPassword(input.password);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx.insert(users).values({ email, passwordHash, role: input.role }).onConflictDoNothing().returning();
    if (!row) return undefined;
    if (siteIds.length > 0) await tx.insert(userSites).values(siteIds.map((siteId) => ({ userId: row.id, siteId })));
    return row;
  });
  if (!created) throw new UserError('user_exists', `a user with email "${email}" already exists`);
  return created;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Inside the transaction that would demote, disable or remove `userId`: locks every active owner's row (in id order, so
 * two such transactions cannot deadlock) and throws unless another active owner remains. The lock makes two owners
 * demoting each other at once take turns: the second re-reads the rows after the first commits and finds no other owner.
 */
async function keepAnotherOwner(tx: Tx, userId: string, message: string): Promise<void> {
  const owners = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'owner'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
  if (!owners.some((o) => o.id !== userId)) throw new UserError('last_owner', message);
}

export async function updateUser(db: Db, id: string, change: UserChange): Promise<UserRow> {
  const current = await findUser(db, id);
  if (!current) throw new UserError('user_not_found', `no user with id "${id}"`);
  const role = change.role ?? current.role;
  const losesOwner = current.role === 'owner' && (role !== 'owner' || change.disabled === true);
  const siteIds = change.sites !== undefined ? await checkSites(db, change.sites) : undefined;
  const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
  const updated = await db.transaction(async (tx) => {
    if (losesOwner) await keepAnotherOwner(tx, id, 'the last active owner cannot be demoted or disabled');
    const [row] = await tx
      .update(users)
      .set({
        role,
        ...(passwordHash ? { passwordHash } : {}),
        ...(change.disabled !== undefined ? { disabledAt: change.disabled ? (current.disabledAt ?? new Date()) : null } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    if (siteIds !== undefined || role === 'owner') {
      await tx.delete(userSites).where(eq(userSites.userId, id));
      if (role !== 'owner' && siteIds && siteIds.length > 0) {
        await tx.insert(userSites).values(siteIds.map((siteId) => ({ userId: id, siteId })));
      }
    }
    return row;
  });
  if (!updated) throw new UserError('user_not_found', `no user with id "${id}"`);
  // Whoever lost rights or had the password reset must sign in again. A reset or a disable also revokes the user's API
  // tokens: the account may have been compromised, and a token made by the intruder would otherwise outlive the reset
  // (and re-enabling would bring it back). A role change leaves tokens alone: they act with the user's current role.
  if (passwordHash || change.disabled === true || role !== current.role) await deleteUserSessions(db, id);
  if (passwordHash || change.disabled === true) await revokeUserTokens(db, id);
  return updated;
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  const current = await findUser(db, id);
  if (!current) throw new UserError('user_not_found', `no user with id "${id}"`);
  // Sessions, tokens and site assignments go with the user (ON DELETE CASCADE); the audit log keeps the id.
  await db.transaction(async (tx) => {
    if (current.role === 'owner' && !current.disabledAt) await keepAnotherOwner(tx, id, 'the last active owner cannot be removed');
    await tx.delete(users).where(eq(users.id, id));
  });
}

export interface FirstOwner {
  email: string | undefined;
  password: string | undefined;
}

/**
 * At start: when no user exists and CG_ADMIN_EMAIL + CG_ADMIN_PASSWORD are set (or the demo's login), creates that owner.
 * Returns the created user, or undefined when users exist already or the variables are unset.
 */
export async function ensureFirstOwner(db: Db, first: FirstOwner): Promise<UserRow | undefined> {
  if (!first.email || !first.password) return undefined;
  if ((await countUsers(db)) > 0) return undefined;
  try {
    const owner = await createUser(db, { email: first.email, password: first.password, role: 'owner' });
    await writeAudit(db, { actor: SYSTEM_ACTOR, action: 'user.create', target: owner.id, details: { role: 'owner', via: 'first-owner' } });
    return owner;
  } catch (err) {
    // Another instance starting at the same moment created it first.
    if (err instanceof UserError && err.code === 'user_exists') return undefined;
    throw err;
  }
}
