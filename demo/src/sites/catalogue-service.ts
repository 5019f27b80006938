import type { ServiceConfig } from '@consentgate/shared/schemas';
import { KNOWN_SERVICES } from '@consentgate/shared/catalogue';

/** A known service's declaration (name, provider, cookies) from the shared catalogue, without its auto-blocking pattern. */
export function catalogueService(id: string, overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const known = KNOWN_SERVICES.find((service) => service.id === id);
  if (!known) throw new Error(`service "${id}" is not in the shared catalogue`);
  const { urlPattern: _pattern, ...declaration } = known;
  return { ...declaration, cookies: [...declaration.cookies], ...overrides };
}
