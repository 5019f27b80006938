import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { captureDownloads, closeDashboard, openDashboard, openSite, server, signIn } from '../test-support/dashboard-page.js';

afterEach(async () => {
  await closeDashboard();
  vi.restoreAllMocks();
});
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

const rowOf = (table: HTMLElement, name: string) => within(table).getByRole('row', { name: new RegExp(`^${name}`) });

/** Opens the shop's statistics and fills the form with today, by hour (not shown yet); answers today's date. */
async function fillTodayByHour(): Promise<string> {
  openDashboard();
  await openSite('Site shop', 'Statistics');
  await screen.findByRole('table', { name: 'Choices in this range' });
  const today = new Date().toISOString().slice(0, 10);
  fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: today } });
  fireEvent.change(screen.getByLabelText('Interval'), { target: { value: 'hour' } });
  return today;
}

describe('consent statistics', () => {
  it("shows today's receipts of the site per choice and per category, with both charts", async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    const choices = await screen.findByRole('table', { name: 'Choices in this range' });
    // Seeded: 3 accept-all, 1 reject-all, 2 custom.
    expect(rowOf(choices, 'Accept all').textContent).toContain('350.0 %');
    expect(rowOf(choices, 'Reject all').textContent).toContain('116.7 %');
    expect(rowOf(choices, 'Custom choice').textContent).toContain('233.3 %');
    expect(rowOf(choices, 'GPC signal').textContent).toBe('GPC signal00.0 %');
    expect(rowOf(choices, 'All receipts').textContent).toContain('6');
    const rates = screen.getByRole('table', { name: 'Opt-in rate per category' });
    expect(rowOf(rates, 'analytics').textContent).toBe('analytics5683.3 %');
    expect(rowOf(rates, 'marketing').textContent).toBe('marketing3650.0 %');
    expect(within(rates).queryByRole('row', { name: /^necessary/ })).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch('6 receipts in this range.');
    expect(screen.getByRole('figure', { name: 'Choices (share of receipts)' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Opt-in rate per category' })).toBeTruthy();
  });

  it('regroups by hour and keeps the same totals; the per-hour table lists the busy hour', async () => {
    const today = await fillTodayByHour();
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(screen.getByText('Numbers per hour')).toBeTruthy());
    const table = screen.getByText('Numbers per hour').closest('details')!.querySelector('table')!;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.reduce((n, row) => n + Number(row.children[1]!.textContent), 0)).toBe(6);
    expect(rows[0]!.children[0]!.textContent).toMatch(new RegExp(`^${today} \\d\\d:00$`));
  });

  it('exports the range the form names as CSV, one line per hour, and shows that range too', async () => {
    // Changed but not shown yet: the export follows the form, and the screen follows the export.
    const today = await fillTodayByHour();
    const files = captureDownloads();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(files[0]!.name).toBe(`consent-stats-shop-hour-${today}-${today}.csv`);
    const [header, ...rows] = (await files[0]!.blob.text()).trim().split('\r\n');
    expect(header).toMatch(/^start,end,receipts,accept-all,reject-all,custom,gpc,withdraw,analytics granted,/);
    expect(rows).toHaveLength(24);
    expect(rows.reduce((n, row) => n + Number(row.split(',')[2]), 0)).toBe(6);
    await waitFor(() => expect(screen.getByText('Numbers per hour')).toBeTruthy());
  });

  it('says what is wrong with a reversed date range', async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    await screen.findByRole('table', { name: 'Choices in this range' });
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-03-10' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('Pick a start date on or before the end date.');
  });
});

describe('a range the server refuses', () => {
  it('says why and shows no numbers of the range shown before', async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    await screen.findByRole('table', { name: 'Choices in this range' });
    // Far more than the server's 5 000 buckets.
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2000-01-01' } });
    fireEvent.change(screen.getByLabelText('Interval'), { target: { value: 'hour' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('at most 5000');
    expect(screen.queryByRole('table', { name: 'Choices in this range' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('');
  });
});

describe('a range without receipts', () => {
  it('says there is nothing to chart instead of drawing empty charts and an empty table', async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    await screen.findByRole('table', { name: 'Choices in this range' });
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2020-01-01' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2020-01-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('0 receipts in this range.'));
    expect(screen.getByText(/No receipts in this range, so there is nothing to chart/)).toBeTruthy();
    expect(screen.queryByRole('figure')).toBeNull();
    expect(screen.queryByText('Numbers per day')).toBeNull();
  });
});

describe('weekly statistics', () => {
  it('names the whole weeks it counts, not the narrower dates of the form', async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    await screen.findByRole('table', { name: 'Choices in this range' });
    const today = new Date().toISOString().slice(0, 10);
    const day = new Date(`${today}T00:00:00Z`);
    const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: today } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: today } });
    fireEvent.change(screen.getByLabelText('Interval'), { target: { value: 'week' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(`6 receipts from ${monday} to ${sunday} (whole weeks, Monday to Sunday, UTC).`),
    );
  });
});

describe('filters in the address', () => {
  const today = new Date().toISOString().slice(0, 10);
  const daysAgo = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const form = () => ({
    from: (screen.getByLabelText('From (UTC)') as HTMLInputElement).value,
    to: (screen.getByLabelText('To (UTC)') as HTMLInputElement).value,
    interval: (screen.getByLabelText('Interval') as HTMLSelectElement).value,
  });

  it('opens a shared link with its range and interval in the form and on screen', async () => {
    openDashboard(`/admin/sites/shop/stats?from=${today}&to=${today}&interval=hour`);
    await waitFor(() => expect(screen.getByText('Numbers per hour')).toBeTruthy());
    expect(form()).toEqual({ from: today, to: today, interval: 'hour' });
    expect(screen.getByRole('status').textContent).toBe('6 receipts in this range.');
  });

  it('puts the filters shown into the address, and Back and Forward show the filters before and after again', async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    await screen.findByRole('table', { name: 'Choices in this range' });
    expect(form()).toEqual({ from: daysAgo(29), to: today, interval: 'day' });
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2020-01-01' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2020-01-31' } });
    fireEvent.change(screen.getByLabelText('Interval'), { target: { value: 'week' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^0 receipts from 2019-12-30/));
    expect(window.location.pathname + window.location.search).toBe('/admin/sites/shop/stats?from=2020-01-01&to=2020-01-31&interval=week');

    window.history.back();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('6 receipts in this range.'));
    expect(window.location.search).toBe('');
    expect(form()).toEqual({ from: daysAgo(29), to: today, interval: 'day' });

    window.history.forward();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^0 receipts from 2019-12-30/));
    expect(form()).toEqual({ from: '2020-01-01', to: '2020-01-31', interval: 'week' });
  });

  it('shows the default range and interval for values that are missing or not valid', async () => {
    openDashboard('/admin/sites/shop/stats?from=2026-02-30&to=soon&interval=month');
    await screen.findByRole('table', { name: 'Choices in this range' });
    expect(form()).toEqual({ from: daysAgo(29), to: today, interval: 'day' });
    cleanup();
    // A range that ends before it starts is not one either.
    openDashboard(`/admin/sites/shop/stats?from=${today}&to=2020-01-01&interval=week`);
    await screen.findByRole('table', { name: 'Choices in this range' });
    expect(form()).toEqual({ from: daysAgo(29), to: today, interval: 'week' });
    cleanup();
    // Only the end given: the 30 days up to it.
    openDashboard('/admin/sites/shop/stats?to=2020-01-31');
    await screen.findByRole('table', { name: 'Choices in this range' });
    expect(form()).toEqual({ from: '2020-01-02', to: '2020-01-31', interval: 'day' });
  });
});
