/**
 * The visitor's subject id and secret: made once per site in the browser and kept in localStorage. Per site, because
 * sites on one host share localStorage, and erasing one site's records must not cut the visitor off from another's.
 */
import type { Storage } from '../config/storage.js';

export const key = (siteId: string | undefined) => 'cg_subject:' + siteId;
/** Where the subject was kept before it was kept per site. */
const LEGACY_KEY = 'cg_subject';

export interface Subject {
  id: string;
  secret: string;
}

/** `bytes` as lower-case hex. */
const hex = (bytes: Uint8Array) => Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join('');

export function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Non-secure contexts lack randomUUID; build a v4 UUID from getRandomValues.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** 32 random bytes as 64 hex digits (within the server's base64url alphabet). */
const secret = () => hex(crypto.getRandomValues(new Uint8Array(32)));

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
