/**
 * Consent rates over time: shares of accept-all / reject-all / custom / GPC / withdraw receipts and the opt-in rate
 * of every category, per hour, day or week (UTC) over a chosen date range, as charts and as tables.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AdminSiteSummary, SiteStats, StatsInterval } from '@consentgate/shared';
import { api, download, query } from '../api.js';
import { dateParam, fillForm, showFilters } from '../route.js';
import { dateRangeProblem, RANGE_PROBLEM } from '../date-range-fields.js';
import { dayAfter, daysBefore, errorText, isoDate, METHOD_LABELS, METHODS, percent, share } from '../format.js';
import { bucketLabel, LineChart, type ChartSeries } from './line-chart.js';
import { Outcome } from '../outcome.js';
import { ScrollBox } from '../scroll-box.js';

/** Colours with ≥ 3:1 contrast on white and on the dark background (WCAG 1.4.11 non-text contrast). */
const METHOD_COLORS = { 'accept-all': '#1a7f37', 'reject-all': '#cf222e', custom: '#8250df', gpc: '#0969da', withdraw: '#9a6700' } as const;
const CATEGORY_COLORS = ['#0969da', '#bc4c00', '#1a7f37', '#8250df', '#cf222e', '#6e7781'];

interface Filters {
  from: string;
  to: string;
  interval: StatsInterval;
}

/** The stats request for these filters; the end date is inclusive on screen, exclusive in the API. */
function statsPath(siteId: string, filters: Filters, format?: 'csv'): string {
  return `/v1/admin/sites/${encodeURIComponent(siteId)}/stats${query({ from: filters.from, to: dayAfter(filters.to), interval: filters.interval, format })}`;
}

const INTERVALS: readonly StatsInterval[] = ['hour', 'day', 'week'];

/**
 * The filters an address names (`?from=2026-11-01&to=2026-12-01&interval=week`); a value missing or not valid is the
 * default one (the last 30 days, per day), and so is a range that ends before it starts.
 */
export function statsFilters(query: string, today: string): Filters {
  const params = new URLSearchParams(query);
  const interval = INTERVALS.find((i) => i === params.get('interval')) ?? 'day';
  const to = dateParam(params, 'to') || today;
  const from = dateParam(params, 'from') || daysBefore(to, 29);
  return from <= to && from <= today ? { from, to, interval } : { from: daysBefore(today, 29), to: today, interval };
}

export function StatsScreen({ site, query: address = '' }: { site: AdminSiteSummary; query?: string }) {
  const today = isoDate(Date.now());
  const filters = useMemo(() => statsFilters(address, today), [address, today]);
  const shown = JSON.stringify(filters);
  /** Bumped by Show with the filters already shown: asks again (new receipts may have come in). */
  const [attempt, setAttempt] = useState(0);
  const [stats, setStats] = useState<SiteStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // The address names the filters: on opening a link and after Back/Forward, the form says what is shown.
  useEffect(() => fillForm(formRef.current, { ...filters }), [shown]);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    api<SiteStats>('GET', statsPath(site.id, filters)).then(
      (answer) => current && (setStats(answer), setLoading(false)),
      // The last range's numbers go too: under the form's new range they would read as its answer.
      (err: unknown) => current && (setStats(null), setError(errorText(err)), setLoading(false)),
    );
    return () => {
      current = false;
    };
  }, [site.id, shown, attempt]);

  /** Shows these filters: a new address (Back returns to the ones before), or asks again for the same ones. */
  const show = (next: Filters) => {
    if (!showFilters({ ...next })) setAttempt((n) => n + 1);
  };

  /** What the form says, or null (and why) when its range is not one. */
  const readForm = (element: HTMLFormElement): Filters | null => {
    const form = new FormData(element);
    const from = String(form.get('from'));
    const to = String(form.get('to'));
    // A chart needs both ends: a date left empty is the same mistake as a range that ends before it starts.
    const problem = from && to ? dateRangeProblem(from, to) : RANGE_PROBLEM;
    if (problem) {
      setError(problem);
      return null;
    }
    return { from, to, interval: form.get('interval') as StatsInterval };
  };

  const apply = (event: Event) => {
    event.preventDefault();
    const next = readForm(event.currentTarget as HTMLFormElement);
    if (next) show(next);
  };

  /** Exports what the form says now, and shows the same range, so the file and the screen always agree. */
  const exportCsv = async () => {
    const form = formRef.current;
    if (!form || !form.reportValidity()) return;
    const next = readForm(form);
    if (!next) return;
    if (JSON.stringify(next) !== shown) show(next);
    setError(null);
    try {
      await download(statsPath(site.id, next, 'csv'), `consent-stats-${site.id}.csv`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">Consent statistics</h1>
      <form class="filters" onSubmit={apply} ref={formRef}>
        <label>
          From (UTC)
          <input type="date" name="from" defaultValue={filters.from} max={today} required />
        </label>
        <label>
          To (UTC)
          <input type="date" name="to" defaultValue={filters.to} required />
        </label>
        <label>
          Interval
          <select name="interval">
            {(['hour', 'day', 'week'] as const).map((interval) => (
              <option key={interval} value={interval} selected={interval === filters.interval}>
                {interval[0]!.toUpperCase() + interval.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
        <button type="button" class="secondary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </form>
      <Outcome error={error} />
      <p role="status" class="muted">
        {loading ? 'Loading statistics…' : stats ? rangeSummary(stats) : ''}
      </p>
      {stats && <StatsView stats={stats} />}
    </section>
  );
}

/**
 * The count and the range it covers. Weekly buckets start on Mondays, so the server widens the chosen dates to whole
 * weeks: the receipts counted may lie outside the dates in the form, and the line says which dates they come from.
 */
export function rangeSummary(stats: SiteStats): string {
  const count = `${stats.totals.total.toLocaleString('en')} receipt${stats.totals.total === 1 ? '' : 's'}`;
  if (stats.interval !== 'week') return `${count} in this range.`;
  const lastDay = daysBefore(isoDate(Date.parse(stats.to)), 1);
  return `${count} from ${isoDate(Date.parse(stats.from))} to ${lastDay} (whole weeks, Monday to Sunday, UTC).`;
}

function StatsView({ stats }: { stats: SiteStats }) {
  const categories = useMemo(
    () => Object.keys(stats.totals.categories).filter((c) => c !== 'necessary').sort(),
    [stats],
  );
  const x = useMemo(() => stats.buckets.map((b) => Date.parse(b.start) / 1000), [stats]);
  const methodSeries = useMemo<ChartSeries[]>(
    () => METHODS.map((m) => ({ label: METHOD_LABELS[m], color: METHOD_COLORS[m], values: stats.buckets.map((b) => share(b.methods[m], b.total)) })),
    [stats],
  );
  const categorySeries = useMemo<ChartSeries[]>(
    () =>
      categories.map((c, i) => ({
        label: c,
        color: CATEGORY_COLORS[i % CATEGORY_COLORS.length]!,
        values: stats.buckets.map((b) => b.categories[c]?.rate ?? null),
      })),
    [stats, categories],
  );
  const empty = stats.totals.total === 0;

  return (
    <>
      {empty ? (
        <p class="muted">No receipts in this range, so there is nothing to chart: choices appear here once visitors answer the banner.</p>
      ) : (
        <div class="charts">
          <LineChart title="Choices (share of receipts)" x={x} series={methodSeries} interval={stats.interval} />
          <LineChart title="Opt-in rate per category" x={x} series={categorySeries} interval={stats.interval} />
        </div>
      )}
      <div class="summary">
        <ScrollBox label="Choices in this range">
          <table>
            <caption>Choices in this range</caption>
            <thead>
              <tr>
                <th scope="col">Choice</th>
                <th scope="col">Receipts</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {METHODS.map((m) => (
                <tr key={m} data-method={m}>
                  <th scope="row">
                    <span class="swatch" style={{ background: METHOD_COLORS[m] }} aria-hidden="true" />
                    {METHOD_LABELS[m]}
                  </th>
                  <td>{stats.totals.methods[m].toLocaleString('en')}</td>
                  <td>{percent(share(stats.totals.methods[m], stats.totals.total))}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All receipts</th>
                <td>{stats.totals.total.toLocaleString('en')}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </ScrollBox>
        <ScrollBox label="Opt-in rate per category">
          <table>
            <caption>Opt-in rate per category</caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Granted</th>
                <th scope="col">Decided</th>
                <th scope="col">Opt-in rate</th>
              </tr>
            </thead>
            <tbody>
              {categories.length === 0 && (
                <tr>
                  <td colSpan={4}>No choices in this range.</td>
                </tr>
              )}
              {categories.map((c, i) => {
                const counts = stats.totals.categories[c]!;
                return (
                  <tr key={c} data-category={c}>
                    <th scope="row">
                      <span class="swatch" style={{ background: CATEGORY_COLORS[i % CATEGORY_COLORS.length] }} aria-hidden="true" />
                      {c}
                    </th>
                    <td>{counts.granted.toLocaleString('en')}</td>
                    <td>{counts.decided.toLocaleString('en')}</td>
                    <td>{percent(counts.rate)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      </div>
      {!empty && <PerBucketTable stats={stats} categories={categories} />}
    </>
  );
}

/** Every bucket with receipts, as a table: the numbers behind the charts, for screen readers and keyboard users. */
function PerBucketTable({ stats, categories }: { stats: SiteStats; categories: string[] }) {
  const hourly = stats.interval === 'hour';
  const unit = stats.interval;
  return (
    <details class="per-bucket">
      <summary>Numbers per {unit}</summary>
      <ScrollBox label={`Numbers per ${unit}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">{bucketLabel(unit)}</th>
              <th scope="col">Receipts</th>
              {METHODS.map((m) => (
                <th key={m} scope="col">
                  {METHOD_LABELS[m]}
                </th>
              ))}
              {categories.map((c) => (
                <th key={c} scope="col">
                  {c} opt-in
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.buckets
              .filter((b) => b.total > 0)
              .map((b) => (
                <tr key={b.start}>
                  <th scope="row">{hourly ? `${b.start.slice(0, 10)} ${b.start.slice(11, 16)}` : b.start.slice(0, 10)}</th>
                  <td>{b.total}</td>
                  {METHODS.map((m) => (
                    <td key={m}>{b.methods[m]}</td>
                  ))}
                  {categories.map((c) => (
                    <td key={c}>{percent(b.categories[c]?.rate ?? null)}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </ScrollBox>
    </details>
  );
}
