/**
 * Receipts wait in a localStorage outbox until the server acknowledges them (200/201). Failures are retried with
 * exponential back-off and on later page views; on `pagehide` whatever is left goes out with sendBeacon (text/plain,
 * no preflight) and stays in the outbox: the receipt id makes the repeat harmless. A 4xx other than 408/429 means the
 * receipt can never succeed, so it is dropped with a warning instead of looping forever.
 */
import type { ReceiptInput } from '@consentgate/shared/schemas';
import type { Storage } from '../config/storage.js';

export const OUTBOX_KEY = 'cg_outbox';
const MAX_DELAY = 3e5;

export interface Outbox {
  add(receipt: ReceiptInput): void;
  flush(): Promise<void>;
}

export function createOutbox(endpoint: string, storage: Storage): Outbox {
  let delay = 1e3;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  const pending = () => storage.get<ReceiptInput[]>(OUTBOX_KEY) || [];
  const drop = (id: string) => storage.set(OUTBOX_KEY, pending().filter((r) => r.receiptId != id));

  async function send(): Promise<void> {
    let failed = false;
    for (const receipt of pending()) {
      let response: Response | undefined;
      try {
        // A string body goes as text/plain, like the beacon: a CORS-safelisted type, so no preflight precedes it.
        response = await fetch(endpoint, { method: 'POST', body: JSON.stringify(receipt), keepalive: true });
      } catch (error) {
        console.warn('ConsentGate: receipt not sent yet, will retry', error);
      }
      const status = response?.status || 0;
      if (status == 200 || status == 201) drop(receipt.receiptId);
      else if (status >= 400 && status < 500 && status != 408 && status != 429) {
        // The server says why (an origin missing from the site's list, most often): the site's developer needs that.
        console.warn(`ConsentGate: receipt ${receipt.receiptId} refused (${status}), dropped:`, await response!.text());
        drop(receipt.receiptId);
      } else failed = true;
    }
    if (failed) {
      timer = setTimeout(flush, delay);
      delay = Math.min(delay * 2, MAX_DELAY);
    } else {
      delay = 1e3;
      // Receipts added while this round was running go out now.
      if (pending().length) return send();
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    return (running ||= send().finally(() => (running = undefined)));
  }

  addEventListener('pagehide', () => {
    for (const receipt of pending()) navigator.sendBeacon?.(endpoint, new Blob([JSON.stringify(receipt)], { type: 'text/plain' }));
  });

  return {
    add(receipt) {
      storage.set(OUTBOX_KEY, [...pending(), receipt]);
      void flush();
    },
    flush,
  };
}
