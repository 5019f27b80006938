/**
 * GET /.well-known/gpc.json: this host's Global Privacy Control support resource (GPC specification §3.4).
 * Every page this server serves (demo sites, dashboard) runs the widget, which honours the signal, so the
 * host declares it. Sites on their own origin publish the same file there (README).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

/** When this host's GPC support last changed (the spec's `lastUpdate`, an RFC 3339 full-date). */
export const GPC_SUPPORT_SINCE = '2026-12-03';

const GpcSupport = z
  .object({
    gpc: z.boolean().openapi({ description: 'true: the host intends to honour GPC signals' }),
    lastUpdate: z.string().openapi({ description: 'When this resource last changed (YYYY-MM-DD)' }),
  })
  .openapi('GpcSupport');

const route = createRoute({
  method: 'get',
  path: '/.well-known/gpc.json',
  summary: 'Global Privacy Control support resource',
  responses: { 200: { description: 'This host honours GPC', content: { 'application/json': { schema: GpcSupport } } } },
});

export function registerGpcDeclarationRoute(app: OpenAPIHono): void {
  app.openapi(route, (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    // Anyone may read it, as checkers of the signal do from other origins.
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({ gpc: true, lastUpdate: GPC_SUPPORT_SINCE }, 200);
  });
}
