/** A table of signed receipts (newest first), shared by the receipt search and the subject-request screen. */
import type { SignedReceipt } from '@consentgate/shared';
import { dateTime, METHOD_LABELS } from '../format.js';

function decisions(record: Record<string, boolean>): string {
  const entries = Object.entries(record);
  if (entries.length === 0) return '–';
  return entries.map(([id, on]) => `${id} ${on ? '✓' : '✗'}`).join(', ');
}

export function ReceiptTable({ receipts, caption }: { receipts: SignedReceipt[]; caption: string }) {
  return (
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
              <td>v{r.policyVersion}</td>
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
  );
}
