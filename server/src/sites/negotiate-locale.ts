import { SUPPORTED_LOCALES, type Locale } from '@consentgate/shared';

function supported(tag: string | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary ?? '') ? (primary as Locale) : undefined;
}

/** Accept-Language entries, highest q first (stable for equal q). */
function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}

/** `?lang=` first, then Accept-Language, then the site's default — always one of SUPPORTED_LOCALES. */
export function negotiateLocale(lang: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  return supported(lang) ?? acceptLanguageTags(acceptLanguage).map(supported).find((l) => l !== undefined) ?? fallback;
}
