/**
 * "Northline Voice", a fictional B2B telecoms reseller. Like the B2B seed site it keeps records for seven years after a
 * contract ends, lists every data-subject right, and lets visitors object to marketing: its retargeting pixel sits in the
 * "marketing" category, refused by default and on Global Privacy Control. Its analytics (etracker) run cookie-less until
 * the visitor allows them, then cookies are switched on through etracker's own API.
 */
import type { SiteConsentConfigInput } from '@consentgate/shared/schemas';
import { catalogueService } from './catalogue-service.js';
import type { DemoSite } from './demo-site.js';

const config: SiteConsentConfigInput = {
  controller: { name: 'Northline Voice Ltd (demo)', contact: 'dpo@northline-voice.example' },
  jurisdiction: 'UK',
  categories: [
    { id: 'necessary', required: true, googleConsent: ['security_storage'] },
    { id: 'analytics', googleConsent: ['analytics_storage'] },
    { id: 'marketing', optOutOnGpc: true, googleConsent: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
  ],
  services: [
    {
      id: 'portal-session',
      name: 'Customer portal sign-in',
      category: 'necessary',
      provider: 'Northline Voice',
      description: 'Keeps you signed in to the number-management portal.',
      cookies: [{ name: 'nv_session', duration: 'session' }],
    },
    catalogueService('etracker', {
      description:
        'Measures which pages business visitors read. Runs without cookies until you allow analytics; then it may remember your visit.',
      privacyPolicyUrl: 'https://www.etracker.com/en/data-privacy/',
    }),
    {
      id: 'linkpulse',
      name: 'LinkPulse retargeting pixel',
      category: 'marketing',
      provider: 'LinkPulse Ads (fictional)',
      description: 'Lets us show adverts for our numbers and VoIP plans to visitors of this site on other business networks.',
      cookies: [
        { name: 'lp_uid', duration: '90 days', description: 'Pseudonymous advertising id.' },
        { name: '^lp_seg_.*$', pattern: true, duration: '30 days', description: 'Interest segments.' },
      ],
    },
  ],
  texts: {
    en: {
      bannerTitle: 'Cookies at Northline Voice',
      bannerDescription:
        'Necessary cookies keep the customer portal working. With your permission we also measure which pages are read (etracker) and show our adverts on other business networks (LinkPulse). You can change your mind at any time under "Cookie settings".',
    },
  },
  defaultLocale: 'en',
  consentMaxAgeDays: 365,
  reloadOnRevoke: true,
  theme: { accent: '#0b4f8a', position: 'bottom', scheme: 'light' },
};

export const B2B_SITE: DemoSite = {
  id: 'demo-b2b',
  name: 'Northline Voice (demo B2B telecoms)',
  path: '/demo/b2b/',
  policyPath: '/demo/b2b/privacy.html',
  // Seven years after a contract ends (legal obligations), as the B2B seed site promises.
  retentionDays: 7 * 365 + 2,
  config,
};
