import type { SiteConsentConfigInput } from '@consentgate/shared/schemas';

/** A demo site: its ConsentGate site record plus where its pages live on the demo server. */
export interface DemoSite {
  id: string;
  name: string;
  /** Path of the site's home page on the demo server. */
  path: string;
  /** Path of its privacy page (becomes the config's policyUrl, absolute, once the server's URL is known). */
  policyPath: string;
  retentionDays: number;
  config: SiteConsentConfigInput;
}
