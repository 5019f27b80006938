/** What the end-to-end tests need to know about each demo site's trackers. */
export interface SiteUnderTest {
  id: string;
  path: string;
  /** Cookies that may only exist after consent. */
  trackerCookie: RegExp;
  /** The cookie its consented tracker sets (proof that the tracker ran). */
  consentedCookie: string;
  /** Cookies of that category's services (gone after a withdrawal of it). */
  categoryCookie: RegExp;
  /** The category that tracker belongs to (what a withdrawal turns off). */
  trackerCategory: 'analytics' | 'marketing';
  /** Requests a tracker may only make after consent. */
  isTrackerRequest(url: URL): boolean;
  /** Requests that show the site's marketing service ran (must not happen under GPC). */
  isMarketingRequest(url: URL): boolean;
}

const ETRACKER_COOKIES = /^(_et_coid|BT_sdc|BT_pdc|BT_ctst|BT_ecl|GS3_v|isSdEnabled)$/;

export const SHOP: SiteUnderTest = {
  id: 'demo-shop',
  path: '/demo/shop/',
  trackerCookie: new RegExp(`${ETRACKER_COOKIES.source}|^wa_chat_seen$`),
  consentedCookie: '_et_coid',
  categoryCookie: ETRACKER_COOKIES,
  trackerCategory: 'analytics',
  // The shop loads etracker only after consent, and the chat embed only after marketing consent: no request of theirs before.
  isTrackerRequest: (url) => /^\/demo\/vendor\/(etracker|chat)\//.test(url.pathname) || url.pathname === '/demo/collect',
  isMarketingRequest: (url) =>
    url.pathname.startsWith('/demo/vendor/chat/') || (url.pathname === '/demo/collect' && url.searchParams.get('t') === 'whatsapp'),
};

export const B2B: SiteUnderTest = {
  id: 'demo-b2b',
  path: '/demo/b2b/',
  trackerCookie: new RegExp(`${ETRACKER_COOKIES.source}|^(lp_uid|lp_seg_.*)$`),
  consentedCookie: 'lp_uid',
  categoryCookie: /^(lp_uid|lp_seg_.*)$/,
  trackerCategory: 'marketing',
  // etracker runs cookie-less from the start on this site (its hits carry mode=cookieless and no id); what must wait
  // for consent is the retargeting pixel and any etracker hit with cookies.
  isTrackerRequest: (url) =>
    url.pathname.startsWith('/demo/vendor/linkpulse/') ||
    (url.pathname === '/demo/collect' && (url.searchParams.get('t') === 'linkpulse' || url.searchParams.get('mode') === 'cookies')),
  isMarketingRequest: (url) =>
    url.pathname.startsWith('/demo/vendor/linkpulse/') || (url.pathname === '/demo/collect' && url.searchParams.get('t') === 'linkpulse'),
};

export const SITES = [SHOP, B2B] as const;
