/**
 * The audit trail (owners): who did what, when, from which network and on which site, newest first, page by page,
 * filtered by site, action and date range (UTC). Read-only: the table behind it refuses every change.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSiteSummary, AdminUser, AuditEntry, AuditPage } from '@consentgate/shared';
import { AUDIT_ACTIONS } from '@consentgate/shared/audit-actions';
import { api, download, query } from '../api.js';
import { DateRangeFields, dateRangeParams, dateRangeProblem } from '../date-range-fields.js';
import { dateTime, errorText } from '../format.js';
import { Outcome } from '../outcome.js';
import { ScrollBox } from '../scroll-box.js';
import { useAddressSearch, usePagedSearch } from '../paged-search.js';
import { dateParam } from '../route.js';

interface Filters {
  siteId: string;
  action: string;
  from: string;
  to: string;
}

const ACTOR_LABELS: Record<AuditEntry['actorType'], string> = { user: 'user', token: 'API token', system: 'system', subject: 'visitor' };

function filterParams(f: Filters) {
  return {
    siteId: f.siteId || undefined,
    action: f.action.trim() || undefined,
    ...dateRangeParams(f.from, f.to),
  };
}

const EMPTY: Filters = { siteId: '', action: '', from: '', to: '' };

/**
 * The filters an address names (`?siteId=shop&action=auth.login&from=&to=`), or null for none (the page's bare
 * address, which lists nothing until asked). A site not in `sites`, an action longer than the field takes or a date
 * that is not one is left empty, and so are dates that end before they start.
 */
export function auditFilters(query: string, sites: readonly AdminSiteSummary[]): Filters | null {
  const params = new URLSearchParams(query);
  if (!Object.keys(EMPTY).some((key) => params.has(key))) return null;
  const siteId = params.get('siteId') ?? '';
  const action = (params.get('action') ?? '').trim();
  const [from, to] = [dateParam(params, 'from'), dateParam(params, 'to')];
  return {
    siteId: sites.some((s) => s.id === siteId) ? siteId : '',
    action: action.length <= 64 ? action : '',
    ...(dateRangeProblem(from, to) ? { from: '', to: '' } : { from, to }),
  };
}

export function AuditScreen({ sites, query: address = '' }: { sites: AdminSiteSummary[]; query?: string }) {
  const { filters, items: entries, cursor, error, setError, refuse, clear, busy, statusRef, load } = usePagedSearch(async (f: Filters, after) => {
    const page = await api<AuditPage>('GET', `/v1/admin/audit${query({ ...filterParams(f), cursor: after, limit: 100 })}`);
    return { items: page.entries, nextCursor: page.nextCursor };
  });
  // Users by id, so "who" reads as an email; a user removed since keeps showing as their id.
  const [emails, setEmails] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    api<{ users: AdminUser[] }>('GET', '/v1/admin/users').then(
      ({ users }) => setEmails(new Map(users.map((u) => [u.id, u.email]))),
      (err: unknown) => setError(errorText(err)),
    );
  }, []);

  const formRef = useRef<HTMLFormElement>(null);
  const show = useAddressSearch({ load, clear }, auditFilters(address, sites), EMPTY, formRef);

  const formFilters = (form: HTMLFormElement): Filters => {
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    return { siteId: field('siteId'), action: field('action'), from: field('from'), to: field('to') };
  };

  /** The form's filters, or null (and why) when its dates are not a range. */
  const validFilters = (form: HTMLFormElement): Filters | null => {
    const f = formFilters(form);
    const problem = dateRangeProblem(f.from, f.to);
    if (problem) refuse(problem);
    return problem ? null : f;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const f = validFilters(event.currentTarget as HTMLFormElement);
    if (f) show(f);
  };

  /** Exports what the form says now; the list is brought in line first, so the file and the screen always agree. */
  const exportCsv = async () => {
    const form = formRef.current;
    if (!form) return;
    const f = validFilters(form);
    if (!f) return;
    if (!filters || JSON.stringify(filterParams(f)) !== JSON.stringify(filterParams(filters))) show(f);
    setError(null);
    try {
      await download(`/v1/admin/audit${query({ ...filterParams(f), format: 'csv' })}`, 'audit-log.csv');
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p class="muted">Sign-ins, searches, exports, settings, users, keys, erasures and purges. Entries can never be changed or deleted.</p>
      <form class="filters" onSubmit={submit} ref={formRef}>
        <label>
          Site
          <select name="siteId">
            <option value="">All sites and none</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input name="action" list="audit-actions" placeholder="e.g. receipts.export" spellcheck={false} maxLength={64} />
        </label>
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <DateRangeFields />
        <button type="submit" aria-disabled={busy}>
          Show entries
        </button>
        <button type="button" class="secondary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </form>
      <Outcome error={error} />
      <p role="status" class="muted" tabIndex={-1} ref={statusRef}>
        {busy
          ? 'Loading…'
          : filters
            ? `${entries.length}${cursor ? '+' : ''} entr${entries.length === 1 && !cursor ? 'y' : 'ies'} found.`
            : 'Leave everything empty for the newest entries.'}
      </p>
      {entries.length > 0 && (
        <ScrollBox label="Audit entries, newest first">
          <table class="audit">
            <caption>Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Site</th>
                <th scope="col">Target</th>
                <th scope="col">From</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.at)}</td>
                  <td>
                    {ACTOR_LABELS[e.actorType]}{' '}
                    {e.actorType === 'user' && emails.has(e.actorId) ? emails.get(e.actorId) : <code>{e.actorId}</code>}
                  </td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.siteId ?? '–'}</td>
                  <td>{e.target ? <code>{e.target}</code> : '–'}</td>
                  <td>{e.ip ?? '–'}</td>
                  <td>{e.details ? <code class="details">{JSON.stringify(e.details)}</code> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {cursor && filters && (
        <button type="button" class="secondary" onClick={() => void load(filters, cursor)} aria-disabled={busy}>
          Load more
        </button>
      )}
    </section>
  );
}
