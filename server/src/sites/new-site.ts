/**
 * What a new site starts with when its creator gives no consent config (`pnpm cg site add` without --config, the
 * dashboard's "Add a site"), and the tag its pages embed. Both are edited or copied afterwards, never derived again.
 */
import type { SiteConsentConfigInput } from '@consentgate/shared';

/** The four usual categories, with the Google Consent Mode signals each one grants; GPC opts out of tracking. */
export const DEFAULT_SITE_CONFIG: SiteConsentConfigInput = {
  categories: [
    { id: 'necessary', required: true },
    { id: 'preferences', googleConsent: ['functionality_storage', 'personalization_storage'] },
    { id: 'analytics', optOutOnGpc: true, googleConsent: ['analytics_storage'] },
    { id: 'marketing', optOutOnGpc: true, googleConsent: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
  ],
};

export function installSnippet(publicUrl: string, siteId: string): string {
  return [
    `<script src="${publicUrl}/consent.js" data-site="${siteId}" defer></script>`,
    '',
    // The example stays inside the comment: pasted as it is, the snippet adds no tracker to anyone's page.
    '<!-- mark each tracking script with the category (and service) it needs, for example',
    '<script type="text/plain" data-consent="analytics" data-service="etracker" src="https://code.etracker.com/code/e.js"></script>',
    '-->',
    '',
    '<!-- any element with this attribute reopens the preferences: -->',
    '<a href="#" data-consentgate-open>Cookie settings</a>',
  ].join('\n');
}
