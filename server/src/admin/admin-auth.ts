/**
 * Who is calling `/v1/admin/…`: a dashboard session (cookie `cg_session`) or an API token
 * (`Authorization: Bearer cgt_…`, the scheme name in any case as RFC 9110 has it). The middleware resolves the caller
 * once per request and keeps it in the context;
 * routes then ask `requireSiteAccess` / `requireOwner` (site-access.ts) what the caller may do.
 *
 * CSRF: a request that authenticates with the cookie and uses an unsafe method must echo the session's CSRF token
 * in `x-csrf-token`. Tokens need no CSRF check: browsers never attach an Authorization header on their own.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { UserRole } from '@consentgate/shared';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { clientIp } from '../http/client-ip.js';
import { minimiseIp } from '../receipts/minimise-ip.js';
import type { AuditActor } from '../audit/audit-log.js';
import { findLiveToken } from './api-tokens.js';
import { API_TOKEN_PREFIX, sameSecret } from './secret-tokens.js';
import { findSession, SESSION_COOKIE } from './sessions.js';
import { findUser, siteIdsOf, type UserRow } from './users.js';

export interface AdminActor {
  via: 'session' | 'token';
  user: { id: string; email: string; role: UserRole };
  /** Sites the user may see (every site for owners). */
  siteIds: ReadonlySet<string>;
  tokenId?: string | undefined;
  session?: { secret: string; csrfToken: string; expiresAt: Date } | undefined;
}

export interface AdminContext {
  db: Db;
  config: ServerConfig;
  actor: AdminActor | undefined;
}

declare module 'hono' {
  interface ContextVariableMap {
    admin: AdminContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The routes that work without a signed-in caller. */
function isPublic(c: Context): boolean {
  return c.req.method === 'POST' && c.req.path === '/v1/admin/session';
}

/** Only what routes need: the password hash stays out of the request context. */
function who(user: UserRow): AdminActor['user'] {
  return { id: user.id, email: user.email, role: user.role };
}

async function actorFromToken(db: Db, token: string): Promise<AdminActor> {
  const row = token.startsWith(API_TOKEN_PREFIX) ? await findLiveToken(db, token) : undefined;
  const user = row ? await findUser(db, row.userId) : undefined;
  if (!row || !user || user.disabledAt) throw new ApiError(401, 'unauthorized', 'the API token is unknown or revoked');
  return { via: 'token', user: who(user), siteIds: new Set(await siteIdsOf(db, user)), tokenId: row.id };
}

async function actorFromSession(db: Db, secret: string): Promise<AdminActor | undefined> {
  const session = await findSession(db, secret);
  const user = session ? await findUser(db, session.userId) : undefined;
  if (!session || !user || user.disabledAt) return undefined;
  return {
    via: 'session',
    user: who(user),
    siteIds: new Set(await siteIdsOf(db, user)),
    session: { secret, csrfToken: session.csrfToken, expiresAt: session.expiresAt },
  };
}

export function adminAuth(db: Db, config: ServerConfig): MiddlewareHandler {
  return async (c, next) => {
    c.set('admin', { db, config, actor: undefined });
    // Admin answers hold settings and personal data: no cache anywhere may keep them.
    c.header('Cache-Control', 'no-store');
    if (isPublic(c)) return next();
    const authorization = c.req.header('authorization');
    let actor: AdminActor | undefined;
    if (authorization !== undefined) {
      const token = /^Bearer +(\S+)$/i.exec(authorization)?.[1];
      if (!token) throw new ApiError(401, 'unauthorized', 'send an API token as "Authorization: Bearer cgt_…"');
      actor = await actorFromToken(db, token);
    } else {
      const secret = getCookie(c, SESSION_COOKIE);
      actor = secret ? await actorFromSession(db, secret) : undefined;
      if (!actor) throw new ApiError(401, 'unauthorized', 'sign in first (POST /v1/admin/session) or send an API token');
      const sent = c.req.header('x-csrf-token');
      if (!SAFE_METHODS.has(c.req.method) && !(sent && actor.session && sameSecret(sent, actor.session.csrfToken))) {
        throw new ApiError(403, 'csrf_failed', 'missing or wrong x-csrf-token header');
      }
    }
    c.set('admin', { db, config, actor });
    return next();
  };
}

export function adminContext(c: Context): AdminContext {
  const admin = c.get('admin') as AdminContext | undefined;
  if (!admin) throw new Error('adminAuth middleware is not installed for this route');
  return admin;
}

export function currentActor(c: Context): AdminActor {
  const { actor } = adminContext(c);
  if (!actor) throw new ApiError(401, 'unauthorized', 'sign in first');
  return actor;
}

/**
 * For what would give someone a way in (a token, a user, a password, a re-enabled account): a signed-in session, not
 * an API token, so a leaked token cannot outlive its own revocation by minting a login of its own.
 */
export function requireSession(c: Context, doing: string): AdminActor {
  const actor = currentActor(c);
  if (actor.via === 'token') throw new ApiError(403, 'forbidden', `API tokens cannot ${doing}; sign in to the dashboard`);
  return actor;
}

/** The audit trail's view of the caller: the token when one was used, else the user. */
export function auditActor(actor: AdminActor): AuditActor {
  return actor.via === 'token' && actor.tokenId ? { type: 'token', id: actor.tokenId } : { type: 'user', id: actor.user.id };
}

export function requestNetwork(c: Context): string | null {
  return minimiseIp(clientIp(c, adminContext(c).config.trustProxy));
}
