/**
 * Site settings for the dashboard: list (the caller's sites), read, replace (a change to what visitors agree to
 * bumps the policy version, through sites.ts) and create (owners).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AdminSite, AdminSiteSummary, CreateSiteInput, SiteSettingsInput, type SiteConsentConfig } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { DEFAULT_SITE_CONFIG, installSnippet } from '../sites/new-site.js';
import { createSite, getSite, listSites, SiteError, siteTag, updateSiteConfig, type Site } from '../sites/sites.js';
import { currentActor } from './admin-auth.js';
import { auditRequest } from './audit-request.js';
import { ADMIN_SECURITY, errorResponses } from './openapi-errors.js';
import { SiteIdParam } from './route-params.js';
import { ownerOnly, requireSiteAccess, signedIn, siteAccess, siteAccessOf } from './site-access.js';

const Params = z.object({ siteId: SiteIdParam });
const siteJson = (description: string) => ({
  description,
  headers: { ETag: { description: 'Tag of these settings, to send back as If-Match with the next save', schema: { type: 'string' as const } } },
  content: { 'application/json': { schema: AdminSite } },
});
const IfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'ETag of the settings being edited: the save is refused (412) if someone changed them since' }),
});

const list = createRoute({
  method: 'get',
  path: '/v1/admin/sites',
  summary: 'Sites the caller may see',
  middleware: [signedIn()],
  security: ADMIN_SECURITY,
  responses: {
    200: { description: 'Sites', content: { 'application/json': { schema: z.object({ sites: z.array(AdminSiteSummary) }) } } },
    ...errorResponses(401),
  },
});
const read = createRoute({
  method: 'get',
  path: '/v1/admin/sites/{siteId}',
  summary: 'Full settings of a site',
  middleware: [siteAccess('read')],
  security: ADMIN_SECURITY,
  request: { params: Params },
  responses: { 200: siteJson('Settings'), ...errorResponses(401, 403, 404) },
});
const replace = createRoute({
  method: 'put',
  path: '/v1/admin/sites/{siteId}',
  summary: 'Replace a site’s settings; a changed consent config gets a new policy version',
  middleware: [siteAccess('manage')],
  security: ADMIN_SECURITY,
  request: { params: Params, headers: IfMatch, body: { required: true, content: { 'application/json': { schema: SiteSettingsInput } } } },
  responses: { 200: siteJson('Saved'), ...errorResponses(400, 401, 403, 404, 412, 'body') },
});
const create = createRoute({
  method: 'post',
  path: '/v1/admin/sites',
  summary: 'Create a site (without a config: the four usual categories, edited afterwards)',
  middleware: [ownerOnly()],
  security: ADMIN_SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: CreateSiteInput } } } },
  responses: { 201: siteJson('Created'), ...errorResponses(400, 401, 403, 409, 'body') },
});

function summarise(site: Site, role: Parameters<typeof siteAccessOf>[0]): AdminSiteSummary {
  return {
    id: site.id,
    name: site.name,
    policyVersion: site.policyVersion,
    retentionDays: site.retentionDays,
    updatedAt: site.updatedAt.toISOString(),
    access: siteAccessOf(role),
  };
}

export function describeSite(site: Site, role: Parameters<typeof siteAccessOf>[0], publicUrl: string): AdminSite {
  return {
    ...summarise(site, role),
    allowedOrigins: site.allowedOrigins,
    configHash: site.configHash,
    config: site.config,
    createdAt: site.createdAt.toISOString(),
    installSnippet: installSnippet(publicUrl, site.id),
  };
}

function asApiError(err: unknown): never {
  if (err instanceof SiteError) {
    if (err.code === 'site_not_found') throw new ApiError(404, 'site_not_found', err.message);
    if (err.code === 'site_exists') throw new ApiError(409, 'conflict', err.message);
    if (err.code === 'site_changed') throw new ApiError(412, 'precondition_failed', err.message);
    // Details as for a schema failure ({ path, message }), so the dashboard marks the field either way.
    throw new ApiError(400, 'validation_failed', err.message, err.path ? [{ path: err.path, message: err.message }] : undefined);
  }
  throw err;
}

/** PUT replaces the whole consent config: keys the request leaves out are cleared, not kept from before. */
function replacing(current: SiteConsentConfig, next: SiteConsentConfig): Partial<SiteConsentConfig> {
  const cleared = Object.fromEntries(Object.keys(current).map((key) => [key, undefined]));
  return { ...cleared, ...next };
}

/** Names of the settings that differ, for the audit entry (values are not repeated there). */
function changedSettings(before: Site, after: Site): string[] {
  const changed: string[] = [];
  if (before.name !== after.name) changed.push('name');
  if (before.allowedOrigins.join(' ') !== after.allowedOrigins.join(' ')) changed.push('allowedOrigins');
  if (before.retentionDays !== after.retentionDays) changed.push('retentionDays');
  if (before.configHash !== after.configHash) changed.push('config');
  return changed;
}

export function registerSiteRoutes(app: OpenAPIHono, db: Db, publicUrl: string): void {
  app.openapi(list, async (c) => {
    const actor = currentActor(c);
    const visible = (await listSites(db)).filter((s) => actor.siteIds.has(s.id));
    const sites = visible.map((s) => summarise(s, actor.user.role));
    return c.json({ sites }, 200);
  });

  app.openapi(read, async (c) => {
    const { siteId } = c.req.valid('param');
    const actor = await requireSiteAccess(c, siteId, 'read');
    const site = await getSite(db, siteId);
    if (!site) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    c.header('ETag', siteTag(site));
    return c.json(describeSite(site, actor.user.role, publicUrl), 200);
  });

  app.openapi(replace, async (c) => {
    const { siteId } = c.req.valid('param');
    const actor = await requireSiteAccess(c, siteId, 'manage');
    const input = c.req.valid('json');
    const before = await getSite(db, siteId);
    if (!before) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    const after = await updateSiteConfig(db, siteId, {
      name: input.name,
      allowedOrigins: input.allowedOrigins,
      retentionDays: input.retentionDays,
      config: replacing(before.config, input.config),
    }, c.req.valid('header')['if-match']).catch(asApiError);
    const changed = changedSettings(before, after);
    if (changed.length > 0) {
      await auditRequest(c, 'site.update', {
        siteId,
        target: changed.join(','),
        details: { changed, policyVersion: after.policyVersion, previousPolicyVersion: before.policyVersion },
      });
    }
    c.header('ETag', siteTag(after));
    return c.json(describeSite(after, actor.user.role, publicUrl), 200);
  });

  app.openapi(create, async (c) => {
    const actor = currentActor(c);
    const input = c.req.valid('json');
    const site = await createSite(db, { ...input, config: input.config ?? DEFAULT_SITE_CONFIG }).catch(asApiError);
    await auditRequest(c, 'site.create', { siteId: site.id, target: site.id });
    c.header('ETag', siteTag(site));
    return c.json(describeSite(site, actor.user.role, publicUrl), 201);
  });
}
