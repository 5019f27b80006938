/**
 * Known services: their category, the cookies they set, and the script/iframe URLs that identify them
 * (used for auto-blocking trackers that a page inserts without marking them).
 * Plain data, no runtime imports: the widget bundles it.
 */
import type { ServiceConfig } from './schemas.js';

export interface KnownService extends ServiceConfig {
  /** RegExp sources matched against script/iframe `src` (auto-blocking). */
  urlPatterns: string[];
}

/** Just what auto-blocking needs (id, default category, URL patterns): small enough for the widget's loader. */
export const KNOWN_TRACKERS: Array<Pick<KnownService, 'id' | 'category' | 'urlPatterns'>> = [
  { id: 'etracker', category: 'analytics', urlPatterns: ['(^|\\.|//)etracker\\.(com|de)/', '/code/e\\.js'] },
  { id: 'google-analytics', category: 'analytics', urlPatterns: ['google-analytics\\.com/', 'googletagmanager\\.com/gtag/js'] },
  { id: 'google-tag-manager', category: 'analytics', urlPatterns: ['googletagmanager\\.com/gtm\\.js'] },
  { id: 'meta-pixel', category: 'marketing', urlPatterns: ['connect\\.facebook\\.net/', 'facebook\\.com/tr'] },
  { id: 'hotjar', category: 'analytics', urlPatterns: ['static\\.hotjar\\.com/', 'script\\.hotjar\\.com/'] },
  { id: 'matomo', category: 'analytics', urlPatterns: ['/matomo\\.js', '/piwik\\.js'] },
  { id: 'whatsapp', category: 'marketing', urlPatterns: ['wa\\.me/', 'whatsapp\\.com/', 'whatsapp\\.net/'] },
];

/** The cookies each known service sets (exact names, or RegExp sources with `pattern`): what the widget deletes when
 * the service is refused, even if the site forgot to declare them. No descriptions, so the widget can bundle it. */
export const KNOWN_COOKIES: Array<Pick<KnownService, 'id' | 'category' | 'cookies'>> = [
  {
    id: 'etracker',
    category: 'analytics',
    cookies: [
      { name: '_et_coid' },
      { name: 'BT_sdc' },
      { name: 'BT_pdc' },
      { name: 'BT_ctst' },
      { name: 'BT_ecl' },
      { name: 'GS3_v' },
      { name: 'isSdEnabled' },
      { name: 'cntcookie' },
    ],
  },
  {
    id: 'google-analytics',
    category: 'analytics',
    cookies: [{ name: '^_ga(_.*)?$', pattern: true }, { name: '_gid' }, { name: '^_gat.*$', pattern: true }],
  },
  { id: 'meta-pixel', category: 'marketing', cookies: [{ name: '_fbp' }, { name: '_fbc' }] },
  { id: 'hotjar', category: 'analytics', cookies: [{ name: '^_hj.*$', pattern: true }] },
  { id: 'matomo', category: 'analytics', cookies: [{ name: '^_pk_id\\..*$', pattern: true }, { name: '^_pk_ses\\..*$', pattern: true }] },
];

/** How long each known cookie lives (shown in the preference centre's cookie lists). */
const DURATIONS: Record<string, string> = {
  _et_coid: '2 years',
  BT_sdc: 'session',
  BT_pdc: '2 years',
  BT_ctst: 'session',
  BT_ecl: '30 days',
  GS3_v: '2 years',
  isSdEnabled: '1 day',
  cntcookie: '4 years',
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
  const tracker = KNOWN_TRACKERS.find((t) => t.id == service.id)!;
  const cookies = KNOWN_COOKIES.find((c) => c.id == service.id)?.cookies ?? [];
  return {
    ...service,
    category: tracker.category,
    cookies: cookies.map((cookie) => ({ ...cookie, duration: DURATIONS[cookie.name] })),
    urlPatterns: tracker.urlPatterns,
  };
});
