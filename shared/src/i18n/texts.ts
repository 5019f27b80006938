/**
 * The built-in translations: every text of the widget in en, de, fr, es, it and nl.
 * Each language is two modules: what the first layer (banner) and iframe placeholders need (`de.ts`), and the rest
 * (`de-more.ts`: preference centre, consent history). The server sends a language's complete texts with the site
 * config; a site with an inline config (no server) loads the two modules as separate widget chunks, the second only
 * when the preference centre opens.
 */
import type { ShownTexts } from '../policy-version.js';
import { BUILT_IN_CATEGORIES, SUPPORTED_LOCALES, type Locale, type SiteConsentConfig, type WidgetTexts } from '../schemas.js';
import de from './de.js';
import deMore from './de-more.js';
import en from './en.js';
import enMore from './en-more.js';
import es from './es.js';
import esMore from './es-more.js';
import fr from './fr.js';
import frMore from './fr-more.js';
import it from './it.js';
import itMore from './it-more.js';
import nl from './nl.js';
import nlMore from './nl-more.js';
import { mergeTexts } from './merge.js';

type BannerKey =
  | 'dialogLabel'
  | 'bannerTitle'
  | 'bannerDescription'
  | 'acceptAll'
  | 'rejectAll'
  | 'managePreferences'
  | 'privacyPolicy'
  | 'gpcHonoured'
  | 'iframePlaceholder'
  | 'iframeAllow';
export type BannerTexts = Pick<WidgetTexts, BannerKey>;
export type MoreTexts = Omit<WidgetTexts, BannerKey>;

const BUILT_IN: Record<Locale, WidgetTexts> = {
  en: { ...en, ...enMore },
  de: { ...de, ...deMore },
  fr: { ...fr, ...frMore },
  es: { ...es, ...esMore },
  it: { ...it, ...itMore },
  nl: { ...nl, ...nlMore },
};

/** A language's complete texts: the built-in translation with a site's own texts on top. */
export function textsFor(locale: Locale, own?: Partial<WidgetTexts>): WidgetTexts {
  return mergeTexts(BUILT_IN[locale], own);
}

/**
 * Every language's complete texts for a site's config: what a policy version published now shows. A category of the
 * site's own that a language does not name is named as in the site's default language (rather than by its bare id).
 */
export function shownTextsFor(config: Pick<SiteConsentConfig, 'texts' | 'defaultLocale'>): ShownTexts {
  // Only the site's own categories: a built-in one reads better in the visitor's language than in the site's.
  const fallback = Object.fromEntries(
    Object.entries(config.texts[config.defaultLocale]?.categories ?? {}).filter(([id]) => !BUILT_IN_CATEGORIES.includes(id)),
  );
  return Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => {
      const own = config.texts[locale];
      return [locale, textsFor(locale, { ...own, categories: { ...fallback, ...own?.categories } })];
    }),
  ) as ShownTexts;
}
