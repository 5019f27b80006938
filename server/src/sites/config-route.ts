/** GET /v1/sites/{siteId}/config: the public config in the negotiated language, with ETag and a short cache. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createHash } from 'node:crypto';
import { cors } from 'hono/cors';
import { ErrorBody, PublicSiteConfig, SUPPORTED_LOCALES } from '@consentgate/shared';
import { textsFor } from '@consentgate/shared/i18n';
import { servicesIn } from '@consentgate/shared/i18n/service-texts';
import type { Db } from '../db/client.js';
import { withDeadline } from '../db/unavailable.js';
import { ApiError } from '../http/api-error.js';
import { etagMatches } from '../http/static-files.js';
import { negotiateLocale } from './negotiate-locale.js';
import { getCachedSite } from './site-cache.js';
import type { Site } from './sites.js';
import { errorResponse } from '../http/openapi-error-response.js';

export function publicSiteConfig(site: Site, locale: PublicSiteConfig['locale']): PublicSiteConfig {
  const { texts, services, ...rest } = site.config;
  // Complete, so the widget needs no language chunk: the texts the version froze when it was published (a version
  // from before texts were frozen: this release's built-in translation with the site's own texts on top). A text
  // the widget gained after a version was frozen comes from this release's translation; frozen ones never change.
  const { serviceTexts, ...shown } = { ...textsFor(locale, texts[locale]), ...site.shownTexts?.[locale] };
  return {
    ...rest,
    // The services in this language: the widget shows them as they come.
    services: servicesIn(services, { serviceTexts }),
    siteId: site.id,
    policyVersion: site.policyVersion,
    configHash: site.configHash,
    locale,
    texts: shown,
  };
}

const route = createRoute({
  method: 'get',
  path: '/v1/sites/{siteId}/config',
  summary: 'Public consent config of a site',
  request: {
    params: z.object({ siteId: z.string().min(1).max(64).openapi({ param: { name: 'siteId', in: 'path' }, example: 'shop' }) }),
    query: z.object({
      lang: z
        .string()
        .max(35)
        .optional()
        .openapi({ description: `Preferred language, one of ${SUPPORTED_LOCALES.join(', ')}; any other falls back to Accept-Language, then the site's default` }),
    }),
  },
  responses: {
    200: { description: 'The config', content: { 'application/json': { schema: PublicSiteConfig } } },
    304: { description: 'Not modified (If-None-Match)' },
    400: { description: 'Site id longer than 64 or lang longer than 35 characters', content: { 'application/json': { schema: ErrorBody } } },
    404: { description: 'Unknown site', content: { 'application/json': { schema: ErrorBody } } },
    503: errorResponse(503, 'Database unavailable and the config not cached; retry'),
  },
});

/** `timeoutMs`: the site lookup answers 503 when the database has not returned it by then (CG_INGEST_TIMEOUT_MS). */
export function registerSiteConfigRoute(app: OpenAPIHono, db: Db, timeoutMs: number): void {
  // Any page may read a public config: CORS for every origin, preflight included (some clients send one even for a
  // plain GET).
  app.use('/v1/sites/:siteId/config', cors({ origin: '*', allowMethods: ['GET', 'HEAD'], maxAge: 86400 }));
  app.openapi(route, async (c) => {
    const { siteId } = c.req.valid('param');
    const site = await getCachedSite(db, siteId, (work) => withDeadline(work, timeoutMs, `the database did not return the site within ${timeoutMs} ms`));
    if (!site) throw new ApiError(404, 'site_not_found', `unknown site "${siteId}"`);
    const locale = negotiateLocale(c.req.valid('query').lang, c.req.header('accept-language'), site.config.defaultLocale);
    // Exactly "1" is the signal (the GPC specification); anything else is no signal.
    const gpc = c.req.header('sec-gpc') === '1';
    const body = JSON.stringify({ ...publicSiteConfig(site, locale), ...(gpc ? { gpc } : {}) });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    c.header('ETag', etag);
    // The widget keeps its own copy for five minutes; whoever asks again gets a fresh answer or a 304 (ETag), so a new
    // policy version reaches visitors within those five minutes and not another cache lifetime later.
    c.header('Cache-Control', 'public, no-cache');
    c.header('Vary', 'Accept-Language, Sec-GPC');
    const ifNoneMatch = c.req.header('if-none-match');
    if (etagMatches(ifNoneMatch, etag)) {
      return c.body(null, 304);
    }
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
}
