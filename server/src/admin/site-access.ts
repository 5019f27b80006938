/**
 * Tenancy: the one place that decides what a caller may do on a site.
 *
 * | role       | read (settings, stats) | manage (settings, receipts search/export) | erase (subject erasure) |
 * |------------|------------------------|-------------------------------------------|-------------------------|
 * | owner      | every site             | every site                                | every site              |
 * | site_admin | assigned sites         | assigned sites                            | assigned sites          |
 * | viewer     | assigned sites         | —                                         | —                       |
 *
 * Viewers (marketing) see anonymous counts only: receipts carry pseudonymous subject ids, page URLs and networks,
 * so searching them is personal-data access and needs `manage`.
 * A site the caller may not see answers 403 whether it exists or not, so ids cannot be probed.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { SiteAccess, UserRole } from '@consentgate/shared';
import { ApiError } from '../http/api-error.js';
import { getSite } from '../sites/sites.js';
import { adminContext, currentActor, type AdminActor } from './admin-auth.js';

const ACCESS_BY_ROLE: Record<UserRole, readonly SiteAccess[]> = {
  owner: ['read', 'manage', 'erase'],
  site_admin: ['read', 'manage', 'erase'],
  viewer: ['read'],
};

export function siteAccessOf(role: UserRole): SiteAccess[] {
  return [...ACCESS_BY_ROLE[role]];
}

/** Returns the caller when they may do `need` on `siteId`; throws ApiError 401 / 403 / 404 otherwise. */
export async function requireSiteAccess(c: Context, siteId: string, need: SiteAccess): Promise<AdminActor> {
  const actor = currentActor(c);
  if (actor.user.role === 'owner') {
    if (!(await getSite(adminContext(c).db, siteId))) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    return actor;
  }
  if (!actor.siteIds.has(siteId)) throw new ApiError(403, 'forbidden', `no access to site "${siteId}"`);
  if (!ACCESS_BY_ROLE[actor.user.role].includes(need)) {
    throw new ApiError(403, 'forbidden', `the ${actor.user.role} role may not ${need} on site "${siteId}"`);
  }
  return actor;
}

export function requireOwner(c: Context): AdminActor {
  const actor = currentActor(c);
  if (actor.user.role !== 'owner') throw new ApiError(403, 'forbidden', 'only owners may do this');
  return actor;
}

/**
 * Route middleware (runs before the request is validated): refuses a caller without `need` on the `{siteId}` in
 * the path, so nothing about a foreign site — not even whether a body would be valid — leaks.
 */
export function siteAccess(need: SiteAccess): MiddlewareHandler {
  return async (c, next) => {
    await requireSiteAccess(c, c.req.param('siteId') ?? '', need);
    return next();
  };
}

export function ownerOnly(): MiddlewareHandler {
  return async (c, next) => {
    requireOwner(c);
    return next();
  };
}

/** Any signed-in caller (routes that act on the caller's own things: session, tokens, site list). */
export function signedIn(): MiddlewareHandler {
  return async (c, next) => {
    currentActor(c);
    return next();
  };
}
