/**
 * Recomputes a policy version's `configHash` from its export (see policy-version.ts). No validation library: the
 * dashboard and any verifier in a browser import it on its own.
 */
import { canonicalHash } from './canonical.js';
import type { ShownTexts } from './policy-version.js';
import type { SiteConsentConfig } from './schemas.js';

/** The config as visitors saw it: the site's config with the frozen texts in place of its own overrides. */
export function configAsShown(config: SiteConsentConfig, shownTexts: ShownTexts): SiteConsentConfig {
  return { ...config, texts: shownTexts };
}

/** The `configHash` of a policy version: recompute it from a version's export to check what a receipt names. */
export function policyVersionHash(version: { config: SiteConsentConfig; shownTexts: ShownTexts | null }): Promise<string> {
  return canonicalHash(version.shownTexts ? configAsShown(version.config, version.shownTexts) : version.config);
}
