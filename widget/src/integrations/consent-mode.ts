/**
 * Google Consent Mode v2. `default` (everything but security_storage denied) is pushed before any tag can run;
 * `update` re-applies the stored choice on every page and follows every change.
 * Mapping (a category's `googleConsent` in the site config overrides it):
 *   necessary → security_storage; preferences → functionality_storage, personalization_storage;
 *   analytics → analytics_storage; marketing → ad_storage, ad_user_data, ad_personalization.
 */
import type { ConsentModeConfig, ConsentModeState, GoogleConsentType } from '@consentgate/shared/schemas';
import type { WidgetConfig } from '../types.js';

export const DEFAULT_MAPPING: Record<string, GoogleConsentType[]> = {
  necessary: ['security_storage'],
  preferences: ['functionality_storage', 'personalization_storage'],
  analytics: ['analytics_storage'],
  marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
};

type Gtag = (...args: unknown[]) => void;
interface GtagWindow {
  dataLayer?: unknown[];
  gtag?: Gtag;
}

function gtag(...args: unknown[]): void {
  const w = window as unknown as GtagWindow;
  // The standard gtag stub: Google's tags read `arguments` objects from the dataLayer.
  if (!w.gtag) {
    w.dataLayer ||= [];
    w.gtag = function () {
      // eslint-disable-next-line prefer-rest-params
      w.dataLayer!.push(arguments);
    };
  }
  w.gtag(...args);
}

/**
 * The settings for a page view whose site config is not known yet (a first visit: it is still on its way): the
 * default waits 500 ms for the update, as Google advises for a banner that loads asynchronously.
 */
export const FIRST_VIEW: ConsentModeConfig = { enabled: true, waitForUpdate: 500 };

export function consentModeDefault(mode: ConsentModeConfig | undefined): void {
  if (mode && !mode.enabled) return;
  // Nothing decided: what no decisions grant (all denied but security_storage).
  const state: Record<string, unknown> = consentModeState(undefined, {});
  if (mode?.waitForUpdate) state.wait_for_update = mode.waitForUpdate;
  if (mode?.region?.length) state.region = mode.region;
  gtag('consent', 'default', state);
  consentModeSettings(mode);
}

/** The site's `url_passthrough` and `ads_data_redaction` (after the default, or once a first visit's config arrives). */
export function consentModeSettings(mode: ConsentModeConfig | undefined): void {
  if (!mode?.enabled) return;
  if (mode.urlPassthrough) gtag('set', 'url_passthrough', true);
  if (mode.adsDataRedaction) gtag('set', 'ads_data_redaction', true);
}

/** The Consent Mode state a set of category decisions grants (also carried in receipts). */
export function consentModeState(config: WidgetConfig | undefined, categories: Record<string, boolean>): ConsentModeState {
  const state: ConsentModeState = {};
  // The default mapping names every type once: all denied but security_storage.
  for (const type of Object.values(DEFAULT_MAPPING).flat()) state[type] = type == 'security_storage' ? 'granted' : 'denied';
  for (const [id, on] of Object.entries(categories)) {
    const types = config?.categories.find((c) => c.id == id)?.googleConsent ?? DEFAULT_MAPPING[id] ?? [];
    if (on) for (const type of types) state[type] = 'granted';
  }
  return state;
}

export function consentModeUpdate(config: WidgetConfig | undefined, categories: Record<string, boolean>): void {
  if (config?.consentMode && !config.consentMode.enabled) return;
  gtag('consent', 'update', consentModeState(config, categories));
}
