import { SUPPORTED_LOCALES, type Locale } from '@consentgate/shared';

function supported(tag: string | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary ?? '') ? (primary as Locale) : undefined;
}

/** RFC 9110 qvalue: 0 to 1 with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The weight of one Accept-Language entry's parameters: 1 without a q, NaN for a q that is no qvalue ("-1", "abc",
 * "5"), so that entry is ignored rather than taken as the most wanted.
 */
function weight(params: string[]): number {
  const q = params.map((p) => /^\s*q\s*=\s*(.*?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
  if (q === undefined) return 1;
  return QVALUE.test(q) ? Number(q) : NaN;
}

/** Accept-Language entries, highest q first (stable for equal q). */
function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      return { tag: tag.trim(), q: weight(params), index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}

/** `?lang=` first, then Accept-Language, then the site's default — always one of SUPPORTED_LOCALES. */
export function negotiateLocale(lang: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  return supported(lang) ?? acceptLanguageTags(acceptLanguage).map(supported).find((l) => l !== undefined) ?? fallback;
}
