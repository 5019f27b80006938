/**
 * Recognises scripts/iframes of known trackers by URL (the shared catalogue), for auto-blocking unmarked inserts.
 * Case-insensitive: host names are, and a URL set as written (`HTTPS://STATIC.HOTJAR.COM/…`) is not lower-cased yet.
 */
import { KNOWN_TRACKERS } from '@consentgate/shared/catalogue';

const PATTERNS = KNOWN_TRACKERS.map(([id, category, source]) => [id, category, new RegExp(source, 'i')] as const);

/** `[serviceId, defaultCategory]` of the known service this URL belongs to, if any. */
export function matchTracker(url: string): readonly [string, string, RegExp] | undefined {
  return PATTERNS.find(([, , re]) => re.test(url));
}
