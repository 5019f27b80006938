/**
 * The one place where ConsentGate's data shapes are defined.
 * The server validates with these schemas; the widget and dashboard use `import type` only,
 * so no validation code ships to browsers.
 */
import { z } from 'zod';
import type { ReceiptProof } from './receipt-tree.js';

/** Ids used in URLs, cookies and config keys: short, lowercase, safe everywhere. */
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_" only');

export const SiteId = Slug;
export const Uuid = z.uuid();
/** A link shown to visitors: http(s) only (a `javascript:` URL would run on the customer's page). */
export const WebUrl = z.url({ protocol: /^https?$/ }).max(2048);
/** The largest PostgreSQL integer: a policy version above it can never exist. */
const MAX_INT4 = 2_147_483_647;

/**
 * The times the API takes (a receipt's clientTime, the admin filters): 1970-01-01 to 9998-12-31, in UTC. PostgreSQL
 * has no year 0 and writes no year past 9999, and an admin range is rounded up to whole buckets, so the last accepted
 * year leaves room for that.
 */
export const EARLIEST_TIME_MS = Date.UTC(1970, 0, 1);
export const LATEST_TIME_MS = Date.UTC(9999, 0, 1);
export const TIME_RANGE_MESSAGE = 'expected a time between 1970-01-01 and 9998-12-31';
/** Whether an ISO 8601 date or date-time (already checked as one) falls within EARLIEST_TIME_MS … LATEST_TIME_MS. */
export function inTimeRange(value: string): boolean {
  const ms = Date.parse(value);
  return ms >= EARLIEST_TIME_MS && ms < LATEST_TIME_MS;
}

export const BUILTIN_CATEGORIES = ['necessary', 'preferences', 'analytics', 'marketing'] as const;
export type BuiltinCategory = (typeof BUILTIN_CATEGORIES)[number];

export const CONSENT_METHODS = ['accept-all', 'reject-all', 'custom', 'gpc', 'withdraw'] as const;
export const ConsentMethod = z.enum(CONSENT_METHODS);
export type ConsentMethod = z.infer<typeof ConsentMethod>;

/** Where the choice was made (Kantara "collection method"); `placeholder`: the "Allow" on a blocked embed's placeholder. */
export const COLLECTION_POINTS = ['banner', 'preferences', 'gpc', 'api', 'placeholder'] as const;
export const CollectionPoint = z.enum(COLLECTION_POINTS);
export type CollectionPoint = z.infer<typeof CollectionPoint>;

export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
export const Locale = z.enum(SUPPORTED_LOCALES, { error: `must be one of ${SUPPORTED_LOCALES.join(', ')}` });
export type Locale = z.infer<typeof Locale>;

export const GOOGLE_CONSENT_TYPES = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;
export const GoogleConsentType = z.enum(GOOGLE_CONSENT_TYPES);
export type GoogleConsentType = z.infer<typeof GoogleConsentType>;
export const ConsentModeState = z.partialRecord(GoogleConsentType, z.enum(['granted', 'denied']));
export type ConsentModeState = z.infer<typeof ConsentModeState>;

// ---------------------------------------------------------------------------------------------
// Site configuration (what the site owner declares and the visitor is shown)
// ---------------------------------------------------------------------------------------------

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A cookie a service sets. `name` is exact unless `pattern` is true, then it is a RegExp source. */
export const CookieDeclaration = z
  .strictObject({
    name: z.string().min(1).max(200),
    pattern: z.boolean().optional(),
    /** Human-readable lifetime, e.g. "2 years", "session". */
    duration: z.string().max(100).optional(),
    description: z.string().max(1000).optional(),
  })
  .refine((cookie) => !cookie.pattern || compiles(cookie.name), { message: 'pattern is not a valid regular expression', path: ['name'] });
export type CookieDeclaration = z.infer<typeof CookieDeclaration>;

export const ServiceConfig = z.strictObject({
  id: Slug,
  name: z.string().min(1).max(200),
  category: Slug,
  description: z.string().max(2000).optional(),
  provider: z.string().max(200).optional(),
  privacyPolicyUrl: WebUrl.optional(),
  cookies: z.array(CookieDeclaration).max(100).default([]),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export const CategoryConfig = z.strictObject({
  id: Slug,
  /** `necessary` is always required; a site may mark others required too. */
  required: z.boolean().optional(),
  /** With Global Privacy Control on, this category stays refused unless the visitor opts in explicitly. */
  optOutOnGpc: z.boolean().optional(),
  /** Google Consent Mode types granted when this category is allowed. */
  googleConsent: z.array(GoogleConsentType).optional(),
});
export type CategoryConfig = z.infer<typeof CategoryConfig>;

/**
 * A service's own words in one language, over those in its config (which are in whatever language the site wrote
 * them): its name, description, and each declared cookie's lifetime and purpose, by cookie name.
 */
export const ServiceText = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  cookies: z.record(z.string().max(200), z.strictObject({ duration: z.string().max(100).optional(), description: z.string().max(1000).optional() })).optional(),
});
export type ServiceText = z.infer<typeof ServiceText>;

/** Every text the widget shows. Built-in translations exist for SUPPORTED_LOCALES; a site may override any key. */
// Strict: a site's override with a mistyped key is refused, not silently dropped (it would still bump the policy version).
export const WidgetTexts = z.strictObject({
  dialogLabel: z.string(),
  bannerTitle: z.string(),
  bannerDescription: z.string(),
  acceptAll: z.string(),
  rejectAll: z.string(),
  managePreferences: z.string(),
  savePreferences: z.string(),
  close: z.string(),
  preferencesTitle: z.string(),
  preferencesDescription: z.string(),
  alwaysOn: z.string(),
  services: z.string(),
  cookies: z.string(),
  cookieName: z.string(),
  cookieDuration: z.string(),
  cookieDescription: z.string(),
  privacyPolicy: z.string(),
  gpcHonoured: z.string(),
  iframePlaceholder: z.string(),
  iframeAllow: z.string(),
  history: z.string(),
  historyEmpty: z.string(),
  downloadJson: z.string(),
  downloadCsv: z.string(),
  deleteRecords: z.string(),
  deleteConfirm: z.string(),
  deleted: z.string(),
  historyShow: z.string(),
  historyLoadFailed: z.string(),
  deleteYes: z.string(),
  cancel: z.string(),
  /** `{file}` is replaced with the downloaded file's name. */
  downloaded: z.string(),
  /** A download or an erasure of the consent history that failed (nothing changed; the visitor may try again). */
  requestFailed: z.string(),
  /** One line of the consent history: `{method}` (how it was decided) and `{categories}` (those allowed). */
  historyEntry: z.string(),
  /** Under the history: `{id}` is the visitor's subject id, which the site's staff can look up. */
  consentId: z.string(),
  /** How the consent history names each method. */
  methods: z.record(z.string(), z.string()),
  categories: z.record(z.string(), z.strictObject({ name: z.string(), description: z.string() })),
  /** The site's services in this language, by service id (no built-in ones: the site names its services). */
  serviceTexts: z.record(Slug, ServiceText).optional(),
});
export type WidgetTexts = z.infer<typeof WidgetTexts>;

/** WCAG 2 contrast ratio of a `#rgb` / `#rrggbb` colour against white. */
export function contrastWithWhite(hex: string): number {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((i) => {
    const c = parseInt(digits.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

/** The buttons' text is white on the accent, so only an accent that keeps it readable (WCAG AA, 4.5:1) is taken. */
const Accent = z
  .string()
  .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #1d4ed8')
  .superRefine((accent, ctx) => {
    const ratio = contrastWithWhite(accent);
    if (ratio < 4.5) {
      ctx.addIssue({
        code: 'custom',
        message: `white button text on ${accent} has a contrast of ${ratio.toFixed(2)}:1; choose a darker colour (at least 4.5:1)`,
      });
    }
  });

export const ThemeConfig = z.strictObject({
  /** Hex colour of the primary buttons, which carry white text: it must keep 4.5:1 contrast with white. */
  accent: Accent.optional(),
  position: z.enum(['bottom', 'center']).optional(),
  /** 'auto' follows prefers-color-scheme. */
  scheme: z.enum(['auto', 'light', 'dark']).optional(),
});
export type ThemeConfig = z.infer<typeof ThemeConfig>;

export const ConsentModeConfig = z.strictObject({
  enabled: z.boolean(),
  waitForUpdate: z.number().int().min(0).max(10000).optional(),
  region: z.array(z.string().max(10)).max(300).optional(),
  urlPassthrough: z.boolean().optional(),
  adsDataRedaction: z.boolean().optional(),
});
export type ConsentModeConfig = z.infer<typeof ConsentModeConfig>;

/**
 * The part of a site's settings that defines what visitors agree to; changing it bumps the policy version.
 * Strict throughout, like WidgetTexts: an operator's mistyped or unknown key is refused (400), not silently dropped.
 */
const SiteConsentFields = z.strictObject({
  controller: z.strictObject({ name: z.string().max(200), contact: z.string().max(300) }).optional(),
  policyUrl: WebUrl.optional(),
  /** Whose law the consent is collected under, e.g. "EU", "UK", "DE", "US-CA"; carried in every receipt. */
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2,3}(-[A-Z0-9]{1,3})?$/, 'must be a region code such as EU, UK, DE or US-CA')
    .optional(),
  /** Where a visitor withdraws consent; carried in every receipt. Default: the page the consent was given on. */
  withdrawalUrl: WebUrl.optional(),
  categories: z.array(CategoryConfig).min(1).max(20),
  services: z.array(ServiceConfig).max(200).default([]),
  /** Per-locale overrides of any text. */
  texts: z.partialRecord(Locale, WidgetTexts.partial()).default({}),
  defaultLocale: Locale.default('en'),
  consentMaxAgeDays: z.number().int().min(1).max(395).default(182),
  reloadOnRevoke: z.boolean().default(true),
  consentMode: ConsentModeConfig.optional(),
  theme: ThemeConfig.default({}),
});
/** The categories every built-in translation names and describes; any other needs the site's own texts. */
export const BUILT_IN_CATEGORIES: readonly string[] = ['necessary', 'preferences', 'analytics', 'marketing'];

export const SiteConsentConfig = SiteConsentFields.superRefine((config, ctx) => {
  // A config no receipt could satisfy is refused here, not discovered by visitors' receipts being refused.
  const ids = new Set<string>();
  const ownCategoryTexts = config.texts[config.defaultLocale]?.categories ?? {};
  config.categories.forEach((category, i) => {
    // Else visitors would be asked to agree to a bare id. Other languages fall back to this text (shownTextsFor).
    if (!BUILT_IN_CATEGORIES.includes(category.id) && !ownCategoryTexts[category.id]?.name.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories', i, 'id'],
        message: `category "${category.id}" has no built-in texts: give it a name and description in texts.${config.defaultLocale}.categories.${category.id}`,
      });
    }
    if (category.optOutOnGpc && (category.required || category.id === 'necessary')) {
      ctx.addIssue({ code: 'custom', path: ['categories', i, 'optOutOnGpc'], message: `category "${category.id}" is always on, so it cannot be refused under GPC` });
    }
    if (ids.has(category.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `category "${category.id}" is listed twice` });
    ids.add(category.id);
  });
  const services = new Set<string>();
  config.services.forEach((service, i) => {
    if (services.has(service.id)) ctx.addIssue({ code: 'custom', path: ['services', i, 'id'], message: `service "${service.id}" is listed twice` });
    services.add(service.id);
    if (!ids.has(service.category)) {
      ctx.addIssue({ code: 'custom', path: ['services', i, 'category'], message: `service "${service.id}" names category "${service.category}", which is not in categories` });
    }
  });
  // Words for a service or cookie the site does not declare would be published and never shown: a typo, refused.
  for (const [locale, texts] of Object.entries(config.texts)) {
    for (const [id, text] of Object.entries(texts?.serviceTexts ?? {})) {
      const service = config.services.find((s) => s.id === id);
      const path = ['texts', locale, 'serviceTexts', id];
      if (!service) {
        ctx.addIssue({ code: 'custom', path, message: `texts.${locale}.serviceTexts names service "${id}", which is not in services` });
        continue;
      }
      for (const cookie of Object.keys(text.cookies ?? {})) {
        if (!service.cookies.some((c) => c.name === cookie)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'cookies', cookie], message: `service "${id}" declares no cookie "${cookie}"` });
        }
      }
    }
  }
});
export type SiteConsentConfig = z.infer<typeof SiteConsentConfig>;
export type SiteConsentConfigInput = z.input<typeof SiteConsentConfig>;

/** What `GET /v1/sites/{siteId}/config` returns and what `window.consentgateConfig` may hold. */
export const PublicSiteConfig = SiteConsentFields.omit({ texts: true }).extend({
  siteId: SiteId,
  policyVersion: z.number().int().min(1),
  /** SHA-256 (base64url) of the canonical consent config the visitor is shown; carried in every receipt. */
  configHash: z.string().max(100),
  locale: Locale,
  /** Full texts for `locale`: built-in translation merged with the site's overrides. */
  texts: WidgetTexts.partial(),
  /**
   * Present when the config request carried `Sec-GPC: 1`: the browser sends Global Privacy Control as a header, which
   * the widget treats like `navigator.globalPrivacyControl === true` (some browsers and extensions send only the header).
   */
  gpc: z.literal(true).optional(),
});
export type PublicSiteConfig = z.infer<typeof PublicSiteConfig>;

// ---------------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------------

export const RECEIPT_SCHEMA_VERSION = 1 as const;
export const MAX_BODY_BYTES = 16 * 1024;

/** What the browser sends to `POST /v1/receipts`. */
export const ReceiptInput = z
  .object({
    schemaVersion: z.literal(RECEIPT_SCHEMA_VERSION),
    receiptId: Uuid,
    siteId: SiteId,
    subjectId: Uuid,
    /** Random secret made in the browser (32 bytes, the widget writes them as hex); the server keeps only its hash. */
    subjectSecret: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/),
    policyVersion: z.number().int().min(1).max(MAX_INT4),
    configHash: z.string().max(100),
    method: ConsentMethod,
    collection: CollectionPoint,
    categories: z.record(Slug, z.boolean()),
    services: z.record(Slug, z.boolean()),
    gpc: z.boolean(),
    /** The language the notice was shown in: always one the widget has texts for. */
    locale: Locale,
    pageUrl: z.url({ protocol: /^https?$/ }).max(2048),
    clientTime: z.iso.datetime({ offset: true }).refine(inTimeRange, TIME_RANGE_MESSAGE),
    consentMode: ConsentModeState.optional(),
  })
  .strict();
export type ReceiptInput = z.infer<typeof ReceiptInput>;

/** The signed, stored receipt: the claims of the JWS. */
export interface ReceiptClaims {
  schemaVersion: typeof RECEIPT_SCHEMA_VERSION;
  receiptId: string;
  siteId: string;
  subjectId: string;
  policyVersion: number;
  configHash: string;
  method: ConsentMethod;
  collection: CollectionPoint;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  gpc: boolean;
  locale: string;
  /** Page URL without query string or fragment. */
  pageUrl: string;
  userAgent: string | null;
  /** IPv4 /24 or IPv6 /48 network, e.g. "203.0.113.0/24". */
  ipNetwork: string | null;
  clientTime: string;
  /** Server-authoritative time (ISO 8601). */
  serverTime: string;
  /** When the consent expires (serverTime + consentMaxAgeDays). */
  validUntil: string;
  controller: { name: string; contact: string } | null;
  policyUrl: string | null;
  consentMode: ConsentModeState | null;
  /** The config's jurisdiction (absent from receipts made before it was carried). */
  jurisdiction?: string | null;
  /** Where consent can be withdrawn: the config's withdrawalUrl, else pageUrl (absent from older receipts). */
  withdrawalUrl?: string;
}

/** What the server answers to `POST /v1/receipts` and in subject/admin listings. */
export interface SignedReceipt extends ReceiptClaims {
  /**
   * Compact JWS (EdDSA/Ed25519, `kid` in the header). With `proof`: its payload is the tree head of the batch the
   * receipt was signed in (`ReceiptTreeHead`); without (receipts signed one by one): the canonical JSON of the claims.
   */
  signature: string;
  /** Inclusion proof of the receipt in its signed batch. */
  proof?: ReceiptProof;
}

// ---------------------------------------------------------------------------------------------
// Browser-side choice (the `cg_consent` cookie and the JS API)
// ---------------------------------------------------------------------------------------------

export interface ConsentChoice {
  /** The site the choice was made for: the cookie is host-wide, and another site on the host must ask for its own. */
  siteId?: string;
  policyVersion: number;
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
  method: ConsentMethod;
  receiptId: string;
  subjectId: string;
  /** ISO 8601 time the choice was made. */
  timestamp: string;
  gpc: boolean;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'method_not_allowed',
  'site_not_found',
  'origin_not_allowed',
  'page_not_on_site',
  'subject_secret_mismatch',
  'policy_version_unknown',
  'config_hash_mismatch',
  'categories_mismatch',
  'services_mismatch',
  'method_mismatch',
  'unauthorized',
  'forbidden',
  'csrf_failed',
  'conflict',
  'precondition_failed',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const ErrorBody = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
