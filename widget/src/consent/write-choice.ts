/** Stores the choice in `cg_consent` (js-cookie; path=/ or the site's own, SameSite=Lax, Secure on https) until it expires. */
import Cookies from 'js-cookie';
import type { ConsentChoice } from '../types.js';
import { CONSENT_COOKIE, DAY_MS } from './stored-choice.js';

export function writeChoice(choice: ConsentChoice, maxAgeDays: number, path = '/'): void {
  Cookies.set(CONSENT_COOKIE, JSON.stringify(choice), {
    path,
    sameSite: 'Lax',
    secure: location.protocol == 'https:',
    expires: new Date(Date.parse(choice.timestamp) + maxAgeDays * DAY_MS),
  });
}
