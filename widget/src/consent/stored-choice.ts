/**
 * The `cg_consent` first-party cookie: the visitor's choice, readable without any network request.
 * It is written with js-cookie (in the actions chunk, write-choice.ts); reading needs only URI decoding, which is what
 * js-cookie's reader does too, so the loader stays small.
 */
import type { ConsentChoice } from '../types.js';

export const CONSENT_COOKIE = 'cg_consent';
export const DAY_MS = 864e5;

/**
 * The stored choice, if it was made for `siteId`: a choice of another site on the same host is none. One without a
 * site was stored before choices named their site, and is taken as this site's (the next choice rewrites it).
 */
export function readChoice(siteId: string | undefined): ConsentChoice | null {
  // Sites on one host with their own cookie paths: the page sees one `cg_consent` per path that covers it.
  for (const raw of document.cookie.split('; ')) {
    if (!raw.startsWith(CONSENT_COOKIE + '=')) continue;
    try {
      const value = JSON.parse(decodeURIComponent(raw.slice(CONSENT_COOKIE.length + 1))) as ConsentChoice;
      if (value && typeof value.categories == 'object' && value.policyVersion > 0 && (!value.siteId || value.siteId == siteId)) return value;
    } catch {
      // A damaged cookie is treated as no choice: the banner asks again.
    }
  }
  return null;
}

/** A choice is valid for the current policy version and for `maxAgeDays` after it was made. */
export function isCurrent(choice: ConsentChoice, policyVersion: number | undefined, maxAgeDays: number, now = Date.now()): boolean {
  if (policyVersion && choice.policyVersion < policyVersion) return false;
  return Date.parse(choice.timestamp) + maxAgeDays * DAY_MS > now;
}
