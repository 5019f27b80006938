/**
 * JSON in localStorage; storage may be unavailable (privacy modes), then nothing is kept.
 * Lives in consent.js; the lazily loaded chunks are lent this object instead of bundling a second copy.
 */
export type Storage = typeof storage;

/** Runs a write; a failure (storage off or full) is reported, not thrown. */
function write(key: string, change: () => void): void {
  try {
    change();
  } catch (error) {
    console.warn('ConsentGate: could not write', key, error);
  }
}

export const storage = {
  get<T>(key: string): T | null {
    try {
      return JSON.parse(localStorage.getItem(key) || 'null') as T | null;
    } catch {
      return null;
    }
  },
  set: (key: string, value: unknown) => write(key, () => localStorage.setItem(key, JSON.stringify(value))),
  remove: (key: string) => write(key, () => localStorage.removeItem(key)),
};
