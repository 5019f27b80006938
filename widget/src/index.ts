/**
 * ESM entry for bundler users: `import { init } from '@consentgate/widget'`. The UI and each language are separate
 * chunks that your bundler loads on demand, exactly like consent.js does.
 */
import { start } from './runtime.js';
import type { BannerTexts, MoreTexts } from '@consentgate/shared/i18n';
import type { ConsentGateApi, WidgetConfig } from './types.js';

export type { ConsentChoice, ConsentEvent, ConsentGateApi, PublicSiteConfig, SaveInput, WidgetConfig, WidgetTexts } from './types.js';
export { DEFAULT_MAPPING as CONSENT_MODE_MAPPING } from './integrations/consent-mode.js';

export interface InitOptions {
  /** Site id (as `data-site`). */
  siteId?: string;
  /** ConsentGate server origin, e.g. "https://consent.example.com". */
  api: string;
  /** Inline site config instead of fetching it. */
  config?: WidgetConfig;
  /** CSP nonce for the dialog's style element. */
  nonce?: string;
  /** `false` for a site with Consent Mode turned off: no `default` even before its config is known. */
  consentMode?: boolean;
  /** Path of the `cg_consent` cookie (default `/`), for sites sharing a host, e.g. "/shop/". */
  cookiePath?: string;
}

const LOCALES = import.meta.glob<BannerTexts | MoreTexts>(['../../shared/src/i18n/{en,de,fr,es,it,nl}{,-more}.ts'], { import: 'default' });

/** Starts ConsentGate once per page and returns its API (also `window.ConsentGate`). */
export function init(options: InitOptions): ConsentGateApi {
  const w = window as unknown as { ConsentGate?: ConsentGateApi };
  return (w.ConsentGate ||= start({
    siteId: options.siteId || options.config?.siteId,
    api: options.api.replace(/\/$/, ''),
    inline: options.config,
    nonce: options.nonce,
    consentMode: options.consentMode,
    cookiePath: options.cookiePath,
    loadUi: () => import('./ui/mount.js'),
    loadActions: () => import('./actions.js'),
    loadPlaceholders: () => import('./blocking/iframe-placeholders.js'),
    loadTexts: (locale, more) => LOCALES[`../../shared/src/i18n/${locale}${more ? '-more' : ''}.ts`]!(),
  }));
}
