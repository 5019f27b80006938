/**
 * Known services: their category, the cookies they set, and the script/iframe URLs that identify them
 * (used for auto-blocking trackers that a page inserts without marking them).
 * Plain data, no runtime imports: the widget bundles it.
 */
import type { CookieDeclaration, ServiceConfig } from './schemas.js';

export interface KnownService extends ServiceConfig {
  /** RegExp source matched against script/iframe `src` (auto-blocking). */
  urlPattern: string;
}

/**
 * Just what auto-blocking needs, as `[service, default category, URL RegExp source]`: compact, like KNOWN_COOKIES,
 * because the widget's loader carries this list.
 */
export const KNOWN_TRACKERS: Array<[id: string, category: string, urlPattern: string]> = [
  ['etracker', 'analytics', '(^|\\.|//)etracker\\.(com|de)/|/code/e\\.js'],
  ['google-analytics', 'analytics', 'google-analytics\\.com/|googletagmanager\\.com/gtag/js'],
  ['google-tag-manager', 'analytics', 'googletagmanager\\.com/gtm\\.js'],
  ['meta-pixel', 'marketing', 'connect\\.facebook\\.net/|facebook\\.com/tr'],
  ['hotjar', 'analytics', '(static|script)\\.hotjar\\.com/'],
  ['matomo', 'analytics', '/(matomo|piwik)\\.js'],
  ['whatsapp', 'marketing', 'wa\\.me/|whatsapp\\.(com|net)/'],
];

/**
 * The cookies each known service sets, as `[service, category, names]`: space-separated names, where one that starts
 * with `^` is a RegExp source. The widget deletes them when the service is refused, even if the site forgot to
 * declare them; this compact form keeps that list small in the widget. Not listed: etracker's `cntcookie`, which
 * holds the visitor's own opt-out from counting (deleting it on refusal would undo that opt-out).
 */
export const KNOWN_COOKIES: Array<[id: string, category: string, names: string]> = [
  ['etracker', 'analytics', '_et_coid BT_sdc BT_pdc BT_ctst BT_ecl GS3_v isSdEnabled'],
  ['google-analytics', 'analytics', '^_ga(_.*)?$ _gid ^_gat.*$'],
  ['meta-pixel', 'marketing', '_fbp _fbc'],
  ['hotjar', 'analytics', '^_hj.*$'],
  ['matomo', 'analytics', '^_pk_id\\..*$ ^_pk_ses\\..*$'],
];

/** `'_gid ^_ga.*$'` → cookie declarations (a leading `^` marks a pattern). */
export const cookieList = (names: string): CookieDeclaration[] => names.split(' ').map((name) => ({ name, pattern: name[0] == '^' }));

/** What each known cookie is for (shown in the preference centre's cookie lists). */
const PURPOSES: Record<string, string> = {
  _et_coid: 'Recognises a returning visitor (pseudonymous id).',
  BT_sdc: 'Groups the page views of one visit.',
  BT_pdc: 'Remembers earlier visits, for returning-visitor statistics.',
  BT_ctst: 'Checks that the browser accepts cookies.',
  BT_ecl: 'Links an order to the campaign that brought the visitor.',
  GS3_v: 'Recognises a returning visitor.',
  isSdEnabled: 'Remembers whether session data may be recorded.',
  '^_ga(_.*)?$': 'Distinguishes visitors (pseudonymous id) and keeps the session state.',
  _gid: 'Distinguishes visitors for 24 hours.',
  '^_gat.*$': 'Limits the request rate.',
  _fbp: 'Recognises the browser for ad delivery and measurement.',
  _fbc: 'Stores the last ad click.',
  '^_hj.*$': 'Recognises the visitor and the session for heatmaps and recordings.',
  '^_pk_id\\..*$': 'Recognises a returning visitor (pseudonymous id).',
  '^_pk_ses\\..*$': 'Groups the page views of one visit.',
};

/** How long each known cookie lives (shown in the preference centre's cookie lists). */
const DURATIONS: Record<string, string> = {
  _et_coid: '2 years',
  BT_sdc: 'session',
  BT_pdc: '2 years',
  BT_ctst: 'session',
  BT_ecl: '30 days',
  GS3_v: '2 years',
  isSdEnabled: '1 day',
  '^_ga(_.*)?$': '2 years',
  _gid: '1 day',
  '^_gat.*$': '1 minute',
  _fbp: '3 months',
  _fbc: '3 months',
  '^_hj.*$': '1 year',
  '^_pk_id\\..*$': '13 months',
  '^_pk_ses\\..*$': '30 minutes',
};

const NAMES: Array<Pick<ServiceConfig, 'id' | 'name' | 'provider'>> = [
  { id: 'etracker', name: 'etracker Analytics', provider: 'etracker GmbH' },
  { id: 'google-analytics', name: 'Google Analytics', provider: 'Google' },
  { id: 'google-tag-manager', name: 'Google Tag Manager', provider: 'Google' },
  { id: 'meta-pixel', name: 'Meta Pixel', provider: 'Meta' },
  { id: 'hotjar', name: 'Hotjar', provider: 'Hotjar' },
  { id: 'matomo', name: 'Matomo', provider: 'Matomo' },
  { id: 'whatsapp', name: 'WhatsApp chat', provider: 'WhatsApp / Meta' },
];

/** Everything known about each service: names, category, cookies with durations, URL patterns. */
export const KNOWN_SERVICES: KnownService[] = /* @__PURE__ */ NAMES.map((service) => {
  const [, category, urlPattern] = KNOWN_TRACKERS.find(([id]) => id == service.id)!;
  const cookies = cookieList(KNOWN_COOKIES.find(([id]) => id == service.id)?.[2] ?? '').filter((c) => c.name);
  return {
    ...service,
    category,
    cookies: cookies.map((cookie) => ({ ...cookie, duration: DURATIONS[cookie.name], description: PURPOSES[cookie.name] })),
    urlPattern,
  };
});
