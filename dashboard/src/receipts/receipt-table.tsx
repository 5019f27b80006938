/**
 * A table of signed receipts (newest first), shared by the receipt search and the subject-request screen. A receipt's
 * policy version opens what its visitor was shown.
 */
import { useRef, useState } from 'preact/hooks';
import type { SignedReceipt } from '@consentgate/shared';
import { dateTime, METHOD_LABELS } from '../format.js';
import { ShownVersion } from './shown-version.js';

function decisions(record: Record<string, boolean>): string {
  const entries = Object.entries(record);
  if (entries.length === 0) return '–';
  return entries.map(([id, on]) => `${id} ${on ? '✓' : '✗'}`).join(', ');
}

export function ReceiptTable({ siteId, receipts, caption }: { siteId: string; receipts: SignedReceipt[]; caption: string }) {
  const [shown, setShown] = useState<SignedReceipt | null>(null);
  const openers = useRef(new Map<string, HTMLButtonElement>());
  const close = () => {
    // Back to the button that opened it, so a keyboard user goes on where they were.
    if (shown) openers.current.get(shown.receiptId)?.focus();
    setShown(null);
  };
  return (
    <>
    <div class="table-scroll">
      <table class="receipts">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Choice</th>
            <th scope="col">Categories</th>
            <th scope="col">Policy</th>
            <th scope="col">Subject id</th>
            <th scope="col">Receipt id</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((r) => (
            <tr key={r.receiptId}>
              <td>{dateTime(r.serverTime)}</td>
              <td>
                {METHOD_LABELS[r.method]}
                {r.gpc ? ' (GPC)' : ''}
              </td>
              <td>{decisions(r.categories)}</td>
              <td>
                <button
                  type="button"
                  class="link"
                  aria-label={`v${r.policyVersion}: what this visitor was shown`}
                  aria-expanded={shown?.receiptId === r.receiptId}
                  ref={(el) => void (el ? openers.current.set(r.receiptId, el) : openers.current.delete(r.receiptId))}
                  onClick={() => setShown(r)}
                >
                  v{r.policyVersion}
                </button>
              </td>
              <td>
                <code>{r.subjectId}</code>
              </td>
              <td>
                <code>{r.receiptId}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    {shown && <ShownVersion key={shown.receiptId} siteId={siteId} receipt={shown} onClose={close} />}
    </>
  );
}
