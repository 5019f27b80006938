/** Erasure's last step in the browser; its own module, so it travels in the history chunk that uses it. */
import type { ReceiptInput } from '@consentgate/shared/schemas';
import type { Storage } from '../config/storage.js';
import { OUTBOX_KEY } from './outbox.js';
import { existingSubject, key } from './subject.js';

/**
 * After the visitor erased their records, later receipts start a new subject. Receipts of the erased subject still
 * waiting in the outbox go too: sent later, they would register the subject again and bring its records back.
 */
export function forgetSubject(storage: Storage, siteId: string | undefined): void {
  const gone = existingSubject(storage, siteId);
  storage.remove(key(siteId));
  if (gone) storage.set(OUTBOX_KEY, (storage.get<ReceiptInput[]>(OUTBOX_KEY) || []).filter((r) => r.subjectId != gone.id));
}
