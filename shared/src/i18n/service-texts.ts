/** A site's services as one language shows them. No imports but types: the server and the dashboard both use it. */
import type { ServiceConfig, WidgetTexts } from '../schemas.js';

/**
 * Each service with its name, description and cookie words from `texts.serviceTexts` where that language has them,
 * else as written in the service's config.
 */
export function servicesIn(services: ServiceConfig[], texts: Pick<Partial<WidgetTexts>, 'serviceTexts'> | undefined): ServiceConfig[] {
  return services.map((service) => {
    const own = texts?.serviceTexts?.[service.id];
    if (!own) return service;
    const description = own.description ?? service.description;
    return {
      ...service,
      name: own.name ?? service.name,
      ...(description !== undefined && { description }),
      cookies: service.cookies.map((cookie) => ({ ...cookie, ...own.cookies?.[cookie.name] })),
    };
  });
}
