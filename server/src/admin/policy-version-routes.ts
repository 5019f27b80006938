/**
 * The policy versions a site has published, for proving what a receipt's visitor was shown: a receipt names its
 * `policyVersion` and `configHash`; the version's export holds the config and the frozen texts of every language,
 * and `policyVersionHash()` (shared) recomputes the hash from them.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { PolicyVersionInfo, PolicyVersionSummary } from '@consentgate/shared';
import type { Db } from '../db/client.js';
import { ApiError } from '../http/api-error.js';
import { wholeNumberParam } from '../http/whole-number-param.js';
import { exportPolicyVersion, getSite, listPolicyVersions } from '../sites/sites.js';
import { ADMIN_SECURITY, errorResponses } from './openapi-errors.js';
import { SiteIdParam } from './route-params.js';
import { requireSiteAccess, siteAccess } from './site-access.js';

const SiteParams = z.object({ siteId: SiteIdParam });
const VersionParams = SiteParams.extend({
  version: wholeNumberParam(1, 2_147_483_647).openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

const list = createRoute({
  method: 'get',
  path: '/v1/admin/sites/{siteId}/policy-versions',
  summary: 'Every policy version the site has published, oldest first',
  middleware: [siteAccess('read')],
  security: ADMIN_SECURITY,
  request: { params: SiteParams },
  responses: {
    200: {
      description: 'Versions',
      content: { 'application/json': { schema: z.object({ versions: z.array(PolicyVersionSummary) }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const read = createRoute({
  method: 'get',
  path: '/v1/admin/sites/{siteId}/policy-versions/{version}',
  summary: 'What one policy version showed: its config and the texts of every language, as hashed in configHash',
  middleware: [siteAccess('read')],
  security: ADMIN_SECURITY,
  request: { params: VersionParams },
  responses: {
    200: { description: 'The version', content: { 'application/json': { schema: PolicyVersionInfo } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerPolicyVersionRoutes(app: OpenAPIHono, db: Db): void {
  app.openapi(list, async (c) => {
    const { siteId } = c.req.valid('param');
    await requireSiteAccess(c, siteId, 'read');
    if (!(await getSite(db, siteId))) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    const versions = await listPolicyVersions(db, siteId);
    return c.json({ versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) }, 200);
  });

  app.openapi(read, async (c) => {
    const { siteId, version } = c.req.valid('param');
    await requireSiteAccess(c, siteId, 'read');
    const shown = await exportPolicyVersion(db, siteId, version);
    if (!shown) throw new ApiError(404, 'not_found', `site "${siteId}" has no policy version ${version}`);
    return c.json(shown, 200);
  });
}
