/**
 * One page view of a site that embeds ConsentGate, in the test's happy-dom document: the page markup is written, then the
 * same start() that consent.js runs boots with the real UI, actions and language modules (what consent.js loads with
 * import() from its own origin). `visit()` again is the next page view: the previous instance is ended first.
 */
import { start } from '../runtime.js';
import type { ConsentGateApi, WidgetConfig } from '../types.js';

let previous: AbortController | undefined;

export interface Visit {
  api: ConsentGateApi;
  /** The dialog's shadow root once the dialog is shown. */
  dialogRoot(): ShadowRoot | null;
}

export function visit(options: {
  api: string;
  siteId?: string;
  body?: string;
  lang?: string;
  inline?: WidgetConfig;
  /** Stands in for the UI chunk's download (e.g. a slow network). */
  loadUi?: () => Promise<typeof import('../ui/mount.js')>;
}): Visit {
  previous?.abort();
  previous = new AbortController();
  document.head.innerHTML = '';
  document.body.innerHTML = options.body || '';
  document.documentElement.lang = options.lang || 'en';
  const api = start({
    siteId: options.inline ? undefined : (options.siteId ?? 'shop'),
    api: options.api,
    inline: options.inline,
    signal: previous.signal,
    loadUi: options.loadUi || (() => import('../ui/mount.js')),
    loadActions: () => import('../actions.js'),
    loadPlaceholders: () => import('../blocking/iframe-placeholders.js'),
    loadTexts: (locale, more) =>
      import(`../../../shared/src/i18n/${locale}${more ? '-more' : ''}.ts`).then((m: { default: import('@consentgate/shared/i18n').BannerTexts }) => m.default),
  });
  (window as unknown as { ConsentGate: ConsentGateApi }).ConsentGate = api;
  return {
    api,
    dialogRoot: () => document.querySelector('[data-consentgate]')?.shadowRoot ?? null,
  };
}

/** Clears what a browser keeps between visits of different people: cookies and localStorage. */
export function newVisitor(): void {
  for (const name of document.cookie.split('; ').map((c) => c.split('=')[0]).filter(Boolean)) {
    document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; domain=shop.example`;
  }
  localStorage.clear();
  delete (window as unknown as { __ran?: string[] }).__ran;
}

export const ran = (): string[] => (window as unknown as { __ran?: string[] }).__ran ?? [];
export const cookieNames = (): string[] => document.cookie.split('; ').map((c) => c.split('=')[0]!).filter(Boolean);
