/** Receipt search by subject id, receipt id and date range (UTC), page by page, with a CSV export of every match. */
import { useRef } from 'preact/hooks';
import type { AdminSiteSummary, ReceiptPage, SignedReceipt } from '@consentgate/shared';
import { api, download, query } from '../api.js';
import { DateRangeFields, dateRangeParams, dateRangeProblem } from '../date-range-fields.js';
import { errorText } from '../format.js';
import { ReceiptTable } from './receipt-table.js';
import { Outcome } from '../outcome.js';
import { useAddressSearch, usePagedSearch } from '../paged-search.js';
import { dateParam } from '../route.js';

interface Search {
  subjectId: string;
  receiptId: string;
  from: string;
  to: string;
}

function searchParams(s: Search) {
  return {
    subjectId: s.subjectId.trim() || undefined,
    receiptId: s.receiptId.trim() || undefined,
    ...dateRangeParams(s.from, s.to),
  };
}

const UUID = /^[0-9a-fA-F-]{36}$/;
const EMPTY: Search = { subjectId: '', receiptId: '', from: '', to: '' };

/**
 * The search an address names (`?subjectId=…&receiptId=&from=2026-11-01&to=`), or null for none (the screen's bare
 * address: searches are audited, so opening the screen runs none). A value missing or not valid is left empty, and so
 * are dates that end before they start.
 */
export function receiptSearch(query: string): Search | null {
  const params = new URLSearchParams(query);
  if (!Object.keys(EMPTY).some((key) => params.has(key))) return null;
  const id = (name: string) => (UUID.test(params.get(name) ?? '') ? params.get(name)! : '');
  const [from, to] = [dateParam(params, 'from'), dateParam(params, 'to')];
  return { subjectId: id('subjectId'), receiptId: id('receiptId'), ...(dateRangeProblem(from, to) ? { from: '', to: '' } : { from, to }) };
}

export function ReceiptsScreen({ site, query: address = '' }: { site: AdminSiteSummary; query?: string }) {
  const base = `/v1/admin/sites/${encodeURIComponent(site.id)}/receipts`;
  const formRef = useRef<HTMLFormElement>(null);
  const { filters: search, items: receipts, cursor, error, setError, refuse, clear, busy, statusRef, load } = usePagedSearch(async (s: Search, after) => {
    const page = await api<ReceiptPage<SignedReceipt>>('GET', `${base}${query({ ...searchParams(s), cursor: after, limit: 50 })}`);
    return { items: page.receipts, nextCursor: page.nextCursor };
  });

  const show = useAddressSearch({ load, clear }, receiptSearch(address), EMPTY, formRef);

  const formSearch = (form: HTMLFormElement): Search => {
    const data = new FormData(form);
    return {
      subjectId: String(data.get('subjectId') ?? '').trim(),
      receiptId: String(data.get('receiptId') ?? '').trim(),
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
    };
  };

  /** The form's search, or null (and why) when its dates are not a range. */
  const validSearch = (form: HTMLFormElement): Search | null => {
    const s = formSearch(form);
    const problem = dateRangeProblem(s.from, s.to);
    if (problem) refuse(problem);
    return problem ? null : s;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const s = validSearch(event.currentTarget as HTMLFormElement);
    if (s) show(s);
  };

  /** Exports what the form says now; the list is brought in line first, so the file and the screen always agree. */
  const exportCsv = async () => {
    const form = formRef.current;
    if (!form || !form.reportValidity()) return;
    const s = validSearch(form);
    if (!s) return;
    if (!search || JSON.stringify(searchParams(s)) !== JSON.stringify(searchParams(search))) show(s);
    setError(null);
    try {
      await download(`${base}${query({ ...searchParams(s), format: 'csv' })}`, `receipts-${site.id}.csv`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="receipts-title">
      <h1 id="receipts-title">Receipts</h1>
      <form class="filters" onSubmit={submit} ref={formRef}>
        <label>
          Subject id
          <input name="subjectId" pattern="[0-9a-fA-F\-]{36}" title="A UUID, e.g. 2f1c…" spellcheck={false} />
        </label>
        <label>
          Receipt id
          <input name="receiptId" pattern="[0-9a-fA-F\-]{36}" title="A UUID" spellcheck={false} />
        </label>
        <DateRangeFields />
        <button type="submit" aria-disabled={busy}>
          Search
        </button>
        <button type="button" class="secondary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </form>
      <Outcome error={error} />
      <p role="status" class="muted" tabIndex={-1} ref={statusRef}>
        {busy
          ? 'Searching…'
          : search
            ? `${receipts.length}${cursor ? '+' : ''} receipt${receipts.length === 1 && !cursor ? '' : 's'} found.`
            : 'Search by subject, receipt or date; leave everything empty for the newest receipts.'}
      </p>
      {receipts.length > 0 && <ReceiptTable siteId={site.id} receipts={receipts} caption="Matching receipts, newest first" />}
      {cursor && search && (
        <button type="button" class="secondary" onClick={() => void load(search, cursor)} aria-disabled={busy}>
          Load more
        </button>
      )}
    </section>
  );
}
