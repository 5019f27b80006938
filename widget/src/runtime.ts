/**
 * The widget's core, shared by the classic loader (consent.js) and the ESM entry: reads the stored choice, blocks and
 * releases scripts/iframes, applies Consent Mode and etracker, exposes the API and events. What is not needed before
 * allowed scripts run loads on demand: the UI chunk (banner/preferences), the language chunk, and the actions chunk
 * (making a choice, receipts).
 */
import type { CollectionPoint, ConsentMethod } from '@consentgate/shared/schemas';
import { installAutoBlock } from './blocking/auto-block.js';
import { releaseScripts } from './blocking/release-scripts.js';
import { cachedConfig, fetchConfig, LOCALES, pageLanguage } from './config/site-config.js';
import { storage } from './config/storage.js';
import { isCurrent, readChoice } from './consent/stored-choice.js';
import type { BannerTexts, MoreTexts } from '@consentgate/shared/i18n';
import type { Locale, WidgetTexts } from '@consentgate/shared/schemas';
import { consentModeDefault, consentModeSettings, consentModeState, consentModeUpdate, FIRST_VIEW } from './integrations/consent-mode.js';
import { setEtrackerCookies } from './integrations/etracker.js';
import { mergeTexts } from '@consentgate/shared/i18n/merge';
import type { Core } from './actions.js';
import type { Layer, UiHandle, UiModule } from './ui/contract.js';
import type { ConsentChoice, ConsentEvent, ConsentGateApi, WidgetConfig } from './types.js';

export interface StartOptions {
  /** `data-site`; receipts and the config request need it. */
  siteId?: string;
  /** API origin (`data-api` or the script's origin). */
  api: string;
  /** `window.consentgateConfig`: an inline config, no config request. */
  inline?: WidgetConfig;
  /** CSP nonce for the UI's style element. */
  nonce?: string;
  loadUi(): Promise<UiModule>;
  /** A language's first-layer texts, or with `more` those of the preference centre and history. */
  loadTexts(locale: string, more?: boolean): Promise<BannerTexts | MoreTexts>;
  loadActions(): Promise<typeof import('./actions.js')>;
  /** The iframe placeholder code: only pages with a blocked iframe need it. */
  loadPlaceholders(): Promise<typeof import('./blocking/iframe-placeholders.js')>;
  /** Ends this instance (its interception and listeners), e.g. when a single-page app or a test starts a new page. */
  signal?: AbortSignal;
  /** False (`data-consent-mode="off"`): no Consent Mode default even before the site config is known. */
  consentMode?: boolean;
  /** Path of the `cg_consent` cookie (`data-cookie-path`; default `/`): sites sharing a host keep their own choice. */
  cookiePath?: string | undefined;
}

// The signal as the page sees it, or as the config request carried it (`Sec-GPC: 1`, which some send without the other).
const GPC = (site: WidgetConfig) => site.gpc || (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

export function start(o: StartOptions): ConsentGateApi {
  const lang = pageLanguage();
  const cached = o.inline ? null : o.siteId ? cachedConfig(o.siteId, lang) : null;
  let config: WidgetConfig | undefined = o.inline || cached?.config;
  let choice = readChoice(o.siteId);
  // A stored choice counts only against a fresh config: after a policy change it must not run the site's scripts even
  // once more. Without one (cookie only, or a kept config past its revalidation time) everything waits for the request.
  let held = !!choice && !o.inline && !cached?.fresh;
  let gpcHonoured = false;
  let ui: Promise<UiHandle> | undefined;
  const ran: string[] = [];
  const ranScript = (category: string, service?: string) => ran.push(`${category}|${service || ''}`);
  const listeners: Partial<Record<ConsentEvent, Array<(c: ConsentChoice | null) => void>>> = {};
  /** Whether 'ready' was emitted: a listener added later is called too. */
  let ready = false;

  // Before any tag runs. A first visit has no config yet: the default then waits for the update (the visitor's answer)
  // and the site's other Consent Mode settings follow once its config arrives.
  const defaulted = !!config || o.consentMode === false;
  consentModeDefault(config ? config.consentMode : o.consentMode === false ? { enabled: false } : FIRST_VIEW);
  // Parsed after this script (a synchronous tag in <head>): scripts and iframes further down, and the body the dialog
  // goes into, exist from DOMContentLoaded on.
  const loading = document.readyState == 'loading';
  const parsed = new Promise((resolve) => (loading ? addEventListener('DOMContentLoaded', resolve) : resolve(0)));

  const maxAge = () => config?.consentMaxAgeDays || 182;
  const current = () => !held && !!choice && !!config && isCurrent(choice, config.policyVersion, maxAge());
  /** A copy of the choice if it still counts (getConsent(), events), else null: page code cannot edit the real one. */
  const consent = () => (current() ? structuredClone(choice) : null);
  const required = (category: string) => category == 'necessary' || !!config?.categories.find((c) => c.id == category)?.required;
  const categoryOf = (service: string, fallback: string) => config?.services.find((s) => s.id == service)?.category || fallback;
  // Each candidate is one of LOCALES (the page's language is one or empty), so the one taken is a Locale.
  const locale = () => (LOCALES.includes(config?.locale || '') ? config!.locale! : lang || config?.defaultLocale || 'en') as Locale;

  function hasConsent(category: string, service?: string): boolean {
    // A service's own decision counts, also in a refused category (an embed's "Allow" grants just that service); a
    // script naming no service, or one the choice does not know, follows its category. (No service reads as the key
    // "undefined": only a site naming a service so would see the difference.)
    return required(category) || (current() && (choice!.services[service!] ?? !!choice!.categories[category]));
  }

  /** A site's listener that throws must not stop the others, or the choice that is being made. */
  const call = (fn: (c: ConsentChoice | null) => void, detail: ConsentChoice | null) => {
    try {
      fn(detail);
    } catch (error) {
      console.error(error);
    }
  };

  function emit(event: ConsentEvent): void {
    const detail = consent();
    // A copy: a listener that unsubscribes itself must not make the next one miss the event.
    for (const fn of (listeners[event] || []).slice()) call(fn, detail);
    document.dispatchEvent(new CustomEvent(`consentgate:${event}`, { detail }));
  }

  let fetched: Promise<WidgetConfig> | undefined;
  /** The site config: inline, kept and fresh, or fetched once per page view (every caller shares that request). */
  function loadConfig(): Promise<WidgetConfig> {
    if (config && (o.inline || cached?.fresh)) return Promise.resolve(config);
    if (!o.siteId) return Promise.reject(new Error('ConsentGate needs data-site or window.consentgateConfig'));
    return (fetched ||= fetchConfig(o.api, o.siteId, lang).then(
      (site) => {
        if (!defaulted) consentModeSettings(site.consentMode);
        return (config = site);
      },
      (error: unknown) => {
        fetched = undefined; // a later call may try again
        throw error;
      },
    ));
  }

  /** The loader's state as the actions chunk sees it (built after the config is known). */
  const core = (site: WidgetConfig): Core => ({
    config: site,
    siteId: o.siteId,
    api: o.api,
    cookiePath: o.cookiePath,
    locale: locale(),
    maxAge: maxAge(),
    ran,
    gpc: GPC(site),
    hasConsent,
    categoryOf,
    required,
    lib: { consentModeState, storage },
    commit(next) {
      choice = next;
      apply();
      emit('change');
    },
  });
  type Decide = (method: ConsentMethod, collection: CollectionPoint, categories: Record<string, boolean>, services?: Record<string, boolean>) => void;
  const decider = (): Promise<Decide> =>
    Promise.all([loadConfig(), o.loadActions()]).then(
      ([site, actions]) =>
        (method, collection, categories, services) => void actions.decide(core(site), method, collection, categories, services),
    );

  const syncFrame = (frame: HTMLIFrameElement) => {
    const { consent: category, src } = frame.dataset;
    if (!category || !src) return;
    if (hasConsent(category, frame.dataset.service)) {
      if (frame.getAttribute('src') != src) frame.src = src;
      frame.hidden = false;
      const box = frame.previousElementSibling;
      if (box?.hasAttribute('data-cg-placeholder')) {
        // Its "Allow" button goes with the placeholder: focus moves to the embed it revealed instead of <body>.
        if (box.contains(document.activeElement)) frame.focus();
        box.remove();
      }
      return;
    }
    // Refused after it loaded: without its src the frame is navigated to about:blank, so the embed stops running.
    frame.removeAttribute('src');
    // The placeholder (code and texts) loads only on pages that have a blocked iframe.
    Promise.all([o.loadPlaceholders(), texts()]).then(
      ([placeholders, t]) =>
        placeholders.syncIframe(frame, t, config?.services, hasConsent, consent, (categories, services) =>
          void decider().then((decide) => decide('custom', 'placeholder', categories, services)),
        ),
      // Offline: the frame stays blocked without its placeholder (the error says which request failed).
      console.error,
    );
  };

  /** Releases allowed scripts and syncs blocked iframes (again once a page that was still loading is parsed). */
  function applyDom(): void {
    if (held) return;
    void releaseScripts(hasConsent, ranScript);
    document.querySelectorAll<HTMLIFrameElement>('iframe[data-consent][data-src]').forEach(syncFrame);
  }

  /** Brings the page in line with the current choice: scripts, iframes, Consent Mode, etracker. */
  function apply(): void {
    if (held) return;
    applyDom();
    if (current()) {
      consentModeUpdate(config, choice!.categories);
    }
    // Also without a current choice: etracker's own flag is host-wide, and another site on the host may have set it.
    setEtrackerCookies(hasConsent(categoryOf('etracker', 'analytics'), 'etracker'));
  }

  /**
   * The texts of the visitor's language. A config from the server carries them complete (built-in translation with
   * the site's own on top, one request for both); an inline config has only the site's own, so the built-in language
   * chunks load here: the first-layer one, and with `more` the preference centre's.
   */
  function texts(): Promise<BannerTexts>;
  function texts(more: true): Promise<WidgetTexts>;
  function texts(more?: true): Promise<BannerTexts | WidgetTexts> {
    return loadConfig().then((site) =>
      o.inline
        ? Promise.all([o.loadTexts(locale()), more && o.loadTexts(locale(), true)]).then(([banner, rest]) =>
            mergeTexts({ ...banner, ...rest } as WidgetTexts, site.texts),
          )
        : (site.texts as WidgetTexts),
    );
  }

  function show(layer?: Layer): void {
    ui ||= Promise.all([loadConfig(), o.loadUi(), decider(), parsed]).then(async ([site, module, decide]) => {
      return module.mount({
        config: site,
        texts: await texts(),
        locale: locale(),
        allTexts: () => texts(true),
        api: o.api,
        siteId: o.siteId,
        nonce: o.nonce,
        gpcHonoured,
        choice: () => choice,
        hasCurrentChoice: current,
        decide,
        storage,
        shown: () => emit('show'),
        closed: () => emit('hide'),
      });
    });
    ui.then(
      (handle) => handle.open(layer || (current() ? 'preferences' : 'banner')),
      (error: unknown) => {
        ui = undefined; // offline or a failed chunk: the next show() tries again
        console.error('ConsentGate: could not show', error);
      },
    );
  }

  // A choice made through the API answers the dialog too: open, or still loading (it would then ask for a choice
  // already made), as hide() waits for it.
  const via = (method: ConsentMethod, categories: Record<string, boolean>, services?: Record<string, boolean>) =>
    decider().then((decide) => {
      decide(method, 'api', categories, services);
      api.hide();
    });
  const api: ConsentGateApi = {
    show: () => show(),
    hide: () => void ui?.then((handle) => handle.close()),
    acceptAll: () => via('accept-all', {}),
    rejectAll: () => via('reject-all', {}),
    // Called without an argument, decide() meets no categories: the promise rejects with a TypeError.
    save: (input) => via('custom', input?.categories, input?.services),
    withdraw: () => via('withdraw', {}),
    getConsent: consent,
    hasConsent,
    on(event, fn) {
      const list = (listeners[event] ||= []);
      list.push(fn);
      // 'ready' happens once per page view: a listener that comes later (a script loaded after it) is called too, with
      // the choice that counts by then (the visitor may have made one since). On the next microtask: the listener may
      // call the unsubscribe function this returns, which it does not have yet; unsubscribed before then, it is not
      // called. A throw is reported as from any other listener.
      if (event == 'ready' && ready) queueMicrotask(() => list.includes(fn) && call(fn, consent()));
      return () => void list.splice(list.indexOf(fn) >>> 0, 1);
    },
  };

  installAutoBlock({ isAllowed: hasConsent, categoryOf, onIframe: syncFrame, onRun: ranScript, signal: o.signal });
  document.addEventListener('click', (event) => {
    const opener = (event.target as Element | null)?.closest?.('[data-consentgate-open]');
    if (opener) {
      event.preventDefault();
      show('preferences');
    }
  }, { signal: o.signal });
  apply();
  if (loading) void parsed.then(applyDom);

  queueMicrotask(async () => {
    if (held) {
      // Offline: a kept config, however old, is the best policy version there is; with none nothing runs.
      await loadConfig().catch(console.error);
      held = false;
      apply();
    }
    const valid = current();
    ready = true;
    emit('ready');
    try {
      // Receipts left from earlier page views (offline, closed tab) go out now.
      if (o.siteId && storage.get<unknown[]>('cg_outbox')?.length) void o.loadActions().then((a) => a.receipts(o.api, storage).flush());
      if (!valid) {
        // The banner will show: its chunk downloads beside the config request instead of after it.
        void o.loadUi();
        const site = await loadConfig();
        // Global Privacy Control: the categories it covers stay refused, recorded as a `gpc` receipt; the banner says so.
        if (GPC(site) && site.categories.some((c) => c.optOutOnGpc)) {
          gpcHonoured = true;
          (await decider())('gpc', 'gpc', {});
        }
        // The visitor may have opened the preference centre meanwhile ("Cookie settings"): that dialog asks.
        if (!ui) show('banner');
      }
    } catch (error) {
      console.error(error);
    }
  });
  return api;
}
