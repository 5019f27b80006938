/**
 * JSON in localStorage; storage may be unavailable (privacy modes), then nothing is kept.
 * Lives in consent.js; the lazily loaded chunks are lent this object instead of bundling a second copy.
 */
export type Storage = typeof storage;

export const storage = {
  get<T>(key: string): T | null {
    try {
      return JSON.parse(localStorage.getItem(key) || 'null') as T | null;
    } catch {
      return null;
    }
  },
  set(key: string, value: unknown): void {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      console.warn('ConsentGate: could not store', key, error);
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      console.warn('ConsentGate: could not remove', key, error);
    }
  },
};
