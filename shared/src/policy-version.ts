/**
 * What one policy version of a site showed its visitors, and the hash every receipt given under it carries.
 *
 * A version is published with its texts resolved: every supported language's complete texts (the built-in
 * translation of the release that published it, with the site's own texts on top) are frozen with it, so a later
 * release with other built-in wording changes no version's texts. `configHash` covers the config with those texts,
 * so it names every word the visitor could have read (policy-hash.ts recomputes it). Versions published before texts were frozen have
 * `shownTexts: null`; their hash covers the config alone.
 */
import { z } from 'zod';
import { Locale, SiteConsentConfig, SiteId, WidgetTexts } from './schemas.js';

/** Complete texts for every supported language. */
export const ShownTexts = z.record(Locale, WidgetTexts);
export type ShownTexts = z.infer<typeof ShownTexts>;

/** `GET /v1/admin/sites/{siteId}/policy-versions/{version}`. */
export const PolicyVersionInfo = z.object({
  siteId: SiteId,
  version: z.number().int(),
  createdAt: z.string(),
  configHash: z.string(),
  config: SiteConsentConfig,
  shownTexts: ShownTexts.nullable(),
});
export type PolicyVersionInfo = z.infer<typeof PolicyVersionInfo>;

export const PolicyVersionSummary = PolicyVersionInfo.pick({ version: true, createdAt: true, configHash: true });
export type PolicyVersionSummary = z.infer<typeof PolicyVersionSummary>;
