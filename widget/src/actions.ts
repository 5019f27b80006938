/**
 * Everything that happens when the visitor makes a choice: the `cg_consent` cookie, the receipt (outbox), deleting
 * refused services' cookies, etracker withdrawal and the reload. A separate chunk: a returning visitor whose choice
 * stands and whose outbox is empty never downloads it.
 */
import type { CollectionPoint, ConsentMethod, CookieDeclaration, Locale } from '@consentgate/shared/schemas';
import { cookieList, KNOWN_COOKIES } from '@consentgate/shared/catalogue';
import { deleteCookies } from './blocking/delete-cookies.js';
import { writeChoice } from './consent/write-choice.js';
import type { consentModeState } from './integrations/consent-mode.js';
import { createOutbox, type Outbox } from './receipts/outbox.js';
import { subject, uuid } from './receipts/subject.js';
import type { Storage } from './config/storage.js';
import type { ConsentChoice, WidgetConfig } from './types.js';

/** The loader's state that a decision reads and changes. */
export interface Core {
  config: WidgetConfig;
  siteId: string | undefined;
  api: string;
  /** Path of the `cg_consent` cookie (undefined: `/`). */
  cookiePath: string | undefined;
  /** The language the visitor was shown (one of the supported ones): recorded in the receipt. */
  locale: Locale;
  maxAge: number;
  /** `category|service` of every marked script that ran on this page view. */
  ran: string[];
  gpc: boolean;
  hasConsent(category: string, service?: string): boolean;
  categoryOf(service: string, fallback: string): string;
  required(category: string): boolean;
  /** Code the loader already has, lent to this chunk so it is not downloaded twice. */
  lib: { consentModeState: typeof consentModeState; storage: Storage };
  /** Stores the new choice in the loader, re-applies blocking/Consent Mode and emits `change`. */
  commit(choice: ConsentChoice): void;
}

let outbox: Outbox | undefined;
export const receipts = (api: string, storage: Storage) => (outbox ||= createOutbox(`${api}/v1/receipts`, storage));

export function decide(
  core: Core,
  method: ConsentMethod,
  collection: CollectionPoint,
  categories: Record<string, boolean>,
  services: Record<string, boolean> = {},
): ConsentChoice {
  const { config, lib } = core;
  const cats: Record<string, boolean> = {};
  // Accept all allows every category the site has (the caller need not list them); other methods pass what they allow.
  for (const c of config.categories) cats[c.id] = core.required(c.id) || method == 'accept-all' || !!categories[c.id];
  const svcs: Record<string, boolean> = {};
  // A service of a required category is on like its category; in an allowed category a service is on unless refused,
  // in a refused one only when allowed by itself (an embed's "Allow").
  for (const s of config.services) svcs[s.id] = core.required(s.category) || (cats[s.category] ? services[s.id] !== false : services[s.id] === true);
  // The site's own save() with a typo fails loudly: recorded, it would be a refusal the visitor never made. So does a
  // service named among the categories (or the other way round): it would decide nothing.
  if (collection == 'api') for (const id in { ...categories, ...services }) if (!(id in (id in categories ? cats : svcs))) throw new TypeError('ConsentGate: unknown ' + id);
  const who = subject(lib.storage, core.siteId);
  // A category whose every service is refused is refused too: else its unnamed scripts and its Consent Mode types
  // would stay granted although the visitor switched off everything listed under it.
  for (const c of config.categories) {
    const own = config.services.filter((s) => s.category == c.id);
    if (own.length && !own.some((s) => svcs[s.id])) cats[c.id] = core.required(c.id);
  }
  // One rule for the preference centre and save(): a custom choice that takes back a category or service allowed
  // before is a withdrawal.
  const takesBack = config.categories.some((c) => core.hasConsent(c.id) && !cats[c.id]) || config.services.some((s) => core.hasConsent(s.category, s.id) && !svcs[s.id]);
  const choice: ConsentChoice = {
    siteId: core.siteId,
    policyVersion: config.policyVersion || 1,
    categories: cats,
    services: svcs,
    method: method == 'custom' && takesBack ? 'withdraw' : method,
    receiptId: uuid(),
    subjectId: who.id,
    timestamp: new Date().toISOString(),
    gpc: core.gpc,
  };
  writeChoice(choice, core.maxAge, core.cookiePath);
  if (core.siteId) {
    // The receipt repeats the choice (ids, version, method, decisions, gpc; each a receipt field, as the server is
    // strict about them) and adds what proves it.
    const { timestamp: clientTime, ...same } = choice;
    receipts(core.api, lib.storage).add({
      ...same,
      schemaVersion: 1,
      siteId: core.siteId,
      subjectSecret: who.secret,
      configHash: config.configHash || '',
      collection,
      locale: core.locale,
      pageUrl: location.origin + location.pathname,
      clientTime,
      consentMode: lib.consentModeState(config, cats),
    });
  }
  core.commit(choice);
  // Cookies of every refused service go, whether the site declared them or only the catalogue knows them.
  const refused: CookieDeclaration[] = [];
  for (const s of config.services) if (!core.hasConsent(s.category, s.id)) refused.push(...s.cookies);
  for (const [id, category, names] of KNOWN_COOKIES) if (!core.hasConsent(core.categoryOf(id, category), id)) refused.push(...cookieList(names));
  deleteCookies(refused);
  const stillRunning = core.ran.some((key) => {
    const [category, service] = key.split('|');
    return !core.hasConsent(category!, service || undefined);
  });
  // A refused script that already ran keeps running until the page is gone.
  if (stillRunning && config.reloadOnRevoke !== false) location.reload();
  return choice;
}
