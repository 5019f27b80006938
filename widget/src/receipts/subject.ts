/**
 * The visitor's subject id and secret: made once per site in the browser and kept in localStorage. Per site, because
 * sites on one host share localStorage, and erasing one site's records must not cut the visitor off from another's.
 */
import type { Storage } from '../config/storage.js';
import { OUTBOX_KEY } from './outbox.js';
import type { ReceiptInput } from '@consentgate/shared/schemas';

const key = (siteId: string | undefined) => 'cg_subject:' + siteId;
/** Where the subject was kept before it was kept per site. */
const LEGACY_KEY = 'cg_subject';

export interface Subject {
  id: string;
  secret: string;
}

export function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Non-secure contexts lack randomUUID; build a v4 UUID from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function secret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** This site's subject; one kept under the old host-wide key is moved to this site's key (its records stay reachable). */
export function existingSubject(storage: Storage, siteId: string | undefined): Subject | null {
  let s = storage.get<Subject>(key(siteId));
  const legacy = s ? null : storage.get<Subject>(LEGACY_KEY);
  if (legacy) {
    storage.set(key(siteId), (s = legacy));
    storage.remove(LEGACY_KEY);
  }
  return s;
}

export function subject(storage: Storage, siteId: string | undefined): Subject {
  let s = existingSubject(storage, siteId);
  if (!s) storage.set(key(siteId), (s = { id: uuid(), secret: secret() }));
  return s;
}

/**
 * After the visitor erased their records, later receipts start a new subject. Receipts of the erased subject still
 * waiting in the outbox go too: sent later, they would register the subject again and bring its records back.
 */
export function forgetSubject(storage: Storage, siteId: string | undefined): void {
  const gone = existingSubject(storage, siteId);
  storage.remove(key(siteId));
  if (gone) storage.set(OUTBOX_KEY, (storage.get<ReceiptInput[]>(OUTBOX_KEY) || []).filter((r) => r.subjectId != gone.id));
}
