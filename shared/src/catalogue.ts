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

const DETAILS: ServiceConfig[] = [
  {
    id: 'etracker',
    name: 'etracker Analytics',
    category: 'analytics',
    provider: 'etracker GmbH',
    cookies: [
      { name: '_et_coid', duration: '2 years' },
      { name: 'BT_sdc', duration: 'session' },
      { name: 'BT_pdc', duration: '2 years' },
      { name: 'BT_ctst', duration: 'session' },
      { name: 'BT_ecl', duration: '30 days' },
      { name: 'GS3_v', duration: '2 years' },
      { name: 'isSdEnabled', duration: '1 day' },
      { name: 'cntcookie', duration: '4 years' },
    ],
  },
  {
    id: 'google-analytics',
    name: 'Google Analytics',
    category: 'analytics',
    provider: 'Google',
    cookies: [
      { name: '^_ga(_.*)?$', pattern: true, duration: '2 years' },
      { name: '_gid', duration: '1 day' },
      { name: '^_gat.*$', pattern: true, duration: '1 minute' },
    ],
  },
  {
    id: 'google-tag-manager',
    name: 'Google Tag Manager',
    category: 'analytics',
    provider: 'Google',
    cookies: [],
  },
  {
    id: 'meta-pixel',
    name: 'Meta Pixel',
    category: 'marketing',
    provider: 'Meta',
    cookies: [
      { name: '_fbp', duration: '3 months' },
      { name: '_fbc', duration: '3 months' },
    ],
  },
  {
    id: 'hotjar',
    name: 'Hotjar',
    category: 'analytics',
    provider: 'Hotjar',
    cookies: [{ name: '^_hj.*$', pattern: true, duration: '1 year' }],
  },
  {
    id: 'matomo',
    name: 'Matomo',
    category: 'analytics',
    provider: 'Matomo',
    cookies: [
      { name: '^_pk_id\\..*$', pattern: true, duration: '13 months' },
      { name: '^_pk_ses\\..*$', pattern: true, duration: '30 minutes' },
    ],
  },
  {
    id: 'whatsapp',
    name: 'WhatsApp chat',
    category: 'marketing',
    provider: 'WhatsApp / Meta',
    cookies: [],
  },
];

export const KNOWN_SERVICES: KnownService[] = /* @__PURE__ */ DETAILS.map((service) => ({
  ...service,
  urlPatterns: KNOWN_TRACKERS.find((t) => t.id == service.id)?.urlPatterns ?? [],
}));
