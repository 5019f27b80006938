import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { captureDownloads, closeDashboard, openDashboard, openSite, server, signIn, typeInto } from '../test-support/dashboard-page.js';

afterEach(async () => {
  await closeDashboard();
  vi.restoreAllMocks();
});
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

describe('audit log', () => {
  it('shows an owner who did what, newest first, and filters by action and site', async () => {
    // Something to find: a receipt search on the shop (audited with its site).
    openDashboard();
    await openSite('Site shop', 'Receipts');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('table', { name: 'Matching receipts, newest first' });

    fireEvent.click(screen.getByRole('link', { name: 'Audit log' }));
    expect(await screen.findByRole('heading', { name: 'Audit log', level: 1 })).toBeTruthy();
    expect(window.location.pathname).toBe('/admin/audit');
    fireEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    const rows = () => within(screen.getByRole('table', { name: 'Audit entries, newest first' })).getAllByRole('row').slice(1);
    // Newest first: the search just made, by this owner, from the network it came from.
    expect(rows()[0]!.textContent).toContain('receipts.search');
    // Who: the user's email, not their id.
    await waitFor(() => expect(rows()[0]!.children[1]!.textContent).toBe(`user ${server.owner}`));
    expect(rows()[0]!.textContent).toMatch(/127\.0\.0\.0\/24/);
    expect(rows().some((row) => row.textContent!.includes('auth.login'))).toBe(true);

    fireEvent.change(screen.getByLabelText('Site'), { target: { value: 'shop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    await waitFor(() => expect(rows().every((row) => row.children[3]!.textContent === 'shop')).toBe(true));
    expect(rows().some((row) => row.textContent!.includes('receipts.search'))).toBe(true);

    typeInto(screen.getByLabelText('Action'), 'auth.login');
    fireEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    // Sign-ins belong to no site.
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('0 entries found.'));
  });

  it('exports the entries the form names as CSV, with emails, and lists the same entries', async () => {
    openDashboard();
    await openSite('Site shop', 'Statistics');
    fireEvent.click(screen.getByRole('link', { name: 'Audit log' }));
    await screen.findByRole('heading', { name: 'Audit log', level: 1 });
    typeInto(screen.getByLabelText('Action'), 'auth.login');
    const files = captureDownloads();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(files[0]!.name).toBe('audit-log.csv');
    const [header, ...lines] = (await files[0]!.blob.text()).trim().split('\r\n');
    expect(header).toBe('id,at,actorType,actorId,actorEmail,action,siteId,target,ip,details');
    expect(lines.length).toBeGreaterThan(0);
    const fields = lines.map((line) => line.split(','));
    for (const f of fields) expect([f[2], f[4], f[5]]).toEqual(['user', expect.stringMatching(/@/), 'auth.login']);
    expect(fields.some((f) => f[4] === server.owner)).toBe(true);
    // The list shows what the file holds.
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${lines.length} entr${lines.length === 1 ? 'y' : 'ies'} found.`));
  });

  it('refuses a reversed date range in plain words and hides the entries of the last search', async () => {
    openDashboard('/admin/audit');
    fireEvent.click(await screen.findByRole('button', { name: 'Show entries' }));
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-03-10' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pick a start date on or before the end date.');
    expect(screen.queryByRole('table', { name: 'Audit entries, newest first' })).toBeNull();
  });

  it('offers the action names, as the filter matches a whole name only', async () => {
    openDashboard('/admin/audit');
    const action = (await screen.findByLabelText('Action')) as HTMLInputElement;
    const offered = [...(action.list?.querySelectorAll('option') ?? [])].map((o) => o.value);
    expect(offered).toEqual(expect.arrayContaining(['auth.login', 'receipts.search', 'subject.erase', 'site.update']));
  });

  it('is not offered to other roles, and its address shows them their sites instead', async () => {
    openDashboard();
    await signIn(server.viewer);
    cleanup();
    openDashboard('/admin/audit');
    expect(await screen.findByRole('heading', { name: 'Sites' })).toBeTruthy();
    expect(await screen.findByText('Your role (viewer) cannot open Audit log; showing your sites instead.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Audit log' })).toBeNull();
  });

});

describe('audit filters in the address', () => {
  // The tests before end signed in as a viewer.
  beforeAll(async () => {
    openDashboard();
    await signIn(server.owner);
    await closeDashboard();
  });
  const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;
  const rows = () => within(screen.getByRole('table', { name: 'Audit entries, newest first' })).getAllByRole('row').slice(1);

  it('opens a shared link with its filters in the form and their entries listed', async () => {
    openDashboard('/admin/audit?siteId=&action=auth.login&from=&to=');
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    expect(value('Action')).toBe('auth.login');
    expect(rows().every((row) => row.children[2]!.textContent === 'auth.login')).toBe(true);
  });

  it('puts the filters into the address; Back shows the entries of the filters before', async () => {
    openDashboard('/admin/audit');
    fireEvent.click(await screen.findByRole('button', { name: 'Show entries' }));
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    expect(window.location.search).toBe('?siteId=&action=&from=&to=');
    fireEvent.change(screen.getByLabelText('Site'), { target: { value: 'shop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    await waitFor(() => expect(window.location.search).toBe('?siteId=shop&action=&from=&to='));
    await waitFor(() => expect(rows().every((row) => row.children[3]!.textContent === 'shop')).toBe(true));

    window.history.back();
    await waitFor(() => expect(rows().some((row) => row.children[3]!.textContent !== 'shop')).toBe(true));
    expect(value('Site')).toBe('');
  });

  it('leaves a site that is not one, and dates that are not a range, empty', async () => {
    openDashboard('/admin/audit?siteId=no-such-site&from=2026-03-10&to=2026-03-01');
    await screen.findByRole('table', { name: 'Audit entries, newest first' });
    expect([value('Site'), value('From (UTC)'), value('To (UTC)')]).toEqual(['', '', '']);
  });
});
