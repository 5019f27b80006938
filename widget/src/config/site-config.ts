/**
 * Site config: inline (`window.consentgateConfig`), or from `GET {api}/v1/sites/{siteId}/config?lang=xx`, kept in
 * localStorage and re-fetched at most every 5 minutes, so most page views make no request at all. The re-fetch
 * revalidates with the server's ETag (a 304 when nothing changed).
 */
import type { WidgetConfig } from '../types.js';
import { storage } from './storage.js';

export const REVALIDATE_MS = 3e5;

interface CachedConfig {
  config: WidgetConfig;
  at: number;
}

export const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'];

/**
 * The page's language if the widget has it, else the browser's first one it has (a page in a language it lacks gets
 * the visitor's own, with an inline config too), else none: the site's default.
 */
export function pageLanguage(): string {
  return [document.documentElement.lang, ...navigator.languages].map((tag) => tag.slice(0, 2).toLowerCase()).find((tag) => LOCALES.includes(tag)) || '';
}

const key = (siteId: string, lang: string) => `cg_config:${siteId}:${lang}`;

export function cachedConfig(siteId: string, lang: string): { config: WidgetConfig; fresh: boolean } | null {
  const hit = storage.get<CachedConfig>(key(siteId, lang));
  return hit && { config: hit.config, fresh: Date.now() - hit.at < REVALIDATE_MS };
}

export async function fetchConfig(api: string, siteId: string, lang: string): Promise<WidgetConfig> {
  // The copy in localStorage decides when to ask again; then the HTTP cache must revalidate (ETag, a 304 when unchanged)
  // rather than answer from its own copy, or a new policy version could wait another cache lifetime. (The language is
  // one of LOCALES or empty: nothing to encode.) A server that does not answer is given up on after 8 s, as one that
  // fails: a returning visitor's kept config then decides, instead of the site's scripts waiting for ever.
  const response = await fetch(`${api}/v1/sites/${encodeURIComponent(siteId)}/config?lang=${lang}`, { cache: 'no-cache', signal: AbortSignal.timeout(8e3) });
  if (!response.ok) throw new Error(`ConsentGate: config ${response.status}`);
  const config = (await response.json()) as WidgetConfig;
  storage.set(key(siteId, lang), { config, at: Date.now() } satisfies CachedConfig);
  return config;
}
