/** Recognises scripts/iframes of known trackers by URL (the shared catalogue), for auto-blocking unmarked inserts. */
import { KNOWN_TRACKERS } from '@consentgate/shared/catalogue';

const PATTERNS = KNOWN_TRACKERS.map((s) => [s.id, s.category, new RegExp(s.urlPatterns.join('|'))] as const);

/** `[serviceId, defaultCategory]` of the known service this URL belongs to, if any. */
export function matchTracker(url: string): readonly [string, string] | undefined {
  const hit = PATTERNS.find(([, , re]) => re.test(url));
  return hit && [hit[0], hit[1]];
}
