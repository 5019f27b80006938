/** The visitor's subject id and secret: made once in the browser and kept in localStorage. */
import type { Storage } from '../config/storage.js';

const KEY = 'cg_subject';

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

export function existingSubject(storage: Storage): Subject | null {
  return storage.get<Subject>(KEY);
}

export function subject(storage: Storage): Subject {
  let s = existingSubject(storage);
  if (!s) storage.set(KEY, (s = { id: uuid(), secret: secret() }));
  return s;
}

/** After the visitor erased their records, later receipts start a new subject. */
export function forgetSubject(storage: Storage): void {
  storage.remove(KEY);
}
