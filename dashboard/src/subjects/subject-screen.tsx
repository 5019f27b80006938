/**
 * Subject requests (GDPR access, portability, erasure): find every receipt of one subject id, export them as JSON
 * or CSV, and erase them after an explicit confirmation. Erasure happens at once and cannot be undone; the audit
 * log records that it happened (without the subject id).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSiteSummary, SignedReceipt } from '@consentgate/shared';
import { api, download, query } from '../api.js';
import { errorText } from '../format.js';
import { ReceiptTable } from '../receipts/receipt-table.js';
import { Outcome } from '../outcome.js';
import { useRescueFocus } from '../rescue-focus.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function SubjectScreen({ site }: { site: AdminSiteSummary }) {
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [receipts, setReceipts] = useState<SignedReceipt[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const canErase = site.access.includes('erase');
  const confirmBoxRef = useRef<HTMLInputElement>(null);
  const eraseRef = useRef<HTMLButtonElement>(null);
  // Opening the confirmation moves focus into it; Cancel brings it back to the button that opened it.
  useEffect(() => {
    if (confirming) confirmBoxRef.current?.focus();
  }, [confirming]);
  useRescueFocus(eraseRef, [confirming]);
  const base = (id: string) => `/v1/admin/sites/${encodeURIComponent(site.id)}/subjects/${encodeURIComponent(id)}`;

  const find = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const id = String(new FormData(event.currentTarget as HTMLFormElement).get('subjectId') ?? '').trim().toLowerCase();
    setError(null);
    setNotice(null);
    setConfirming(false);
    setConfirmed(false);
    // The last subject's records (and their Erase button) go: they are not the answer to this request.
    setSubjectId(null);
    setReceipts(null);
    if (!UUID.test(id)) {
      setError('A subject id is a UUID such as 6f1c2b1e-8d4a-4c2b-9a7e-2b9f3c1d0e5a (visitors find it in their consent history).');
      return;
    }
    setBusy(true);
    try {
      const answer = await api<{ receipts: SignedReceipt[] }>('GET', `${base(id)}/receipts${query({ format: 'json' })}`);
      setSubjectId(id);
      setReceipts(answer.receipts);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const exportAs = async (format: 'json' | 'csv') => {
    if (!subjectId) return;
    setError(null);
    try {
      await download(`${base(subjectId)}/receipts${query({ format })}`, `consent-history-${subjectId}.${format}`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const erase = async () => {
    if (!subjectId || !confirmed || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { deleted } = await api<{ deleted: number }>('DELETE', base(subjectId));
      setNotice(`Erased ${deleted} consent record${deleted === 1 ? '' : 's'} of subject ${subjectId}.`);
      setReceipts([]);
      setConfirming(false);
      setConfirmed(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="subjects-title">
      <h1 id="subjects-title">Subject requests</h1>
      <p class="muted">Answer an access, portability or erasure request for one visitor by their subject id.</p>
      <form class="filters" onSubmit={find}>
        <label>
          Subject id
          <input name="subjectId" required spellcheck={false} autocomplete="off" />
        </label>
        <button type="submit" aria-disabled={busy}>
          Find receipts
        </button>
      </form>
      <Outcome error={error} notice={notice} />
      {receipts && subjectId && (
        <>
          <p role="status">
            {receipts.length} consent record{receipts.length === 1 ? '' : 's'} of subject <code>{subjectId}</code>.
          </p>
          {receipts.length > 0 && (
            <>
              <div class="actions">
                <button type="button" class="secondary" onClick={() => void exportAs('json')}>
                  Export JSON
                </button>
                <button type="button" class="secondary" onClick={() => void exportAs('csv')}>
                  Export CSV
                </button>
                {canErase && !confirming && (
                  <button type="button" class="danger" onClick={() => setConfirming(true)} ref={eraseRef}>
                    Erase this subject…
                  </button>
                )}
              </div>
              {confirming && (
                <div class="confirm" role="group" aria-labelledby="erase-title">
                  <h2 id="erase-title">
                    Erase {receipts.length} consent record{receipts.length === 1 ? '' : 's'}?
                  </h2>
                  <p>
                    This permanently deletes every receipt of subject <code>{subjectId}</code> on this site. It cannot be undone. Export
                    them first if the visitor asked for a copy.
                  </p>
                  <label class="inline">
                    <input type="checkbox" ref={confirmBoxRef} checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />I
                    understand that the records are gone for good
                  </label>
                  <div class="actions">
                    <button type="button" class="danger" disabled={!confirmed} aria-disabled={busy} onClick={() => void erase()}>
                      Erase permanently
                    </button>
                    <button type="button" class="secondary" onClick={() => (setConfirming(false), setConfirmed(false))}>
                      Cancel
                    </button>
                  </div>
                </div>
              )}
              <ReceiptTable siteId={site.id} receipts={receipts} caption="Receipts of this subject, newest first" />
            </>
          )}
        </>
      )}
    </section>
  );
}
