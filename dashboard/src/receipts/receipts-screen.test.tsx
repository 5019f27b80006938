import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { PolicyVersionInfo } from '@consentgate/shared';
import { policyVersionHash } from '@consentgate/shared/policy-hash';
import { textsFor } from '@consentgate/shared/i18n';
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

describe('receipt search', () => {
  it('lists the newest receipts, finds one subject, and exports exactly the matches as CSV', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const all = await screen.findByRole('table', { name: 'Matching receipts, newest first' });
    expect(within(all).getAllByRole('row')).toHaveLength(1 + server.shop.length);

    const subject = server.shop[5]!.subjectId;
    typeInto(screen.getByLabelText('Subject id'), subject);
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch('2 receipts found.'));
    const found = screen.getByRole('table', { name: 'Matching receipts, newest first' });
    const ids = within(found).getAllByRole('row').slice(1).map((row) => row.children[5]!.textContent);
    expect(ids.sort()).toEqual([server.shop[4]!.receiptId, server.shop[5]!.receiptId].sort());

    const files = captureDownloads();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(files[0]!.name).toBe('receipts-shop.csv');
    const lines = (await files[0]!.blob.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^receiptId,serverTime,/);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(ids.sort());
  });

  it('shows what a receipt’s visitor was shown, in their language, with the config hash recomputed', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const table = await screen.findByRole('table', { name: 'Matching receipts, newest first' });
    const german = server.shop[3]!; // reject-all, given in German
    const row = within(table).getByText(german.receiptId).closest('tr')!;
    const opener = within(row).getByRole('button', { name: 'v1: what this visitor was shown' });
    fireEvent.click(opener);

    const panel = await screen.findByRole('region', { name: 'What the visitor was shown' });
    await waitFor(() => expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: 'What the visitor was shown' })));
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    expect((await within(panel).findByRole('status')).textContent).toMatch('✓ The receipt’s config hash matches this version');
    expect(panel.textContent).toContain(german.receiptId);
    const de = textsFor('de');
    expect(within(panel).getByText(de.bannerTitle).getAttribute('lang')).toBe('de');
    expect(within(panel).getByText(de.rejectAll)).toBeTruthy();
    const categories = within(panel).getByRole('table', { name: 'Categories as shown, and this visitor’s choice' });
    const analytics = within(categories).getByRole('rowheader', { name: de.categories.analytics!.name }).closest('tr')!;
    expect(analytics.textContent).toContain(de.categories.analytics!.description);
    expect(analytics.textContent).toContain('Refused ✗');
    const services = within(panel).getByRole('table', { name: 'Services as shown, and this visitor’s choice' });
    // The service as the site named it in German.
    const etracker = within(services).getByRole('rowheader', { name: 'etracker Besuchsanalyse' });
    expect(etracker.getAttribute('lang')).toBe('de');
    expect([...etracker.closest('tr')!.children].map((cell) => cell.textContent)).toEqual(['etracker Besuchsanalyse', de.categories.analytics!.name, '–', 'Zählt Besuche.', 'Refused ✗']);

    const files = captureDownloads();
    fireEvent.click(within(panel).getByRole('button', { name: 'Download this version (JSON)' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(files[0]!.name).toBe('policy-version-shop-1.json');
    const exported = JSON.parse(await files[0]!.blob.text()) as PolicyVersionInfo;
    expect(exported.shownTexts!.de.bannerTitle).toBe(de.bannerTitle);
    expect(await policyVersionHash(exported)).toBe(exported.configHash);

    fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'What the visitor was shown' })).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('exports what the form says now, and brings the list in line with it', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    typeInto(screen.getByLabelText('Receipt id'), '00000000-0000-4000-8000-000000000000');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch('0 receipts found.'));
    // The filter is cleared but not searched again: the export must still cover every receipt, as the form says.
    typeInto(screen.getByLabelText('Receipt id'), '');
    const files = captureDownloads();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect((await files[0]!.blob.text()).trim().split('\n')).toHaveLength(1 + server.shop.length);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(`${server.shop.length} receipts found.`));
  });

  it('keeps the Search button enabled (so keyboard focus stays on it) while a search runs', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    const search = screen.getByRole('button', { name: 'Search' });
    // A disabled button loses focus in browsers; busy is announced with aria-disabled instead. Watch every change.
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(`${search.hasAttribute('disabled')}/${search.getAttribute('aria-disabled')}`));
    observer.observe(search, { attributes: true });
    search.focus();
    fireEvent.click(search);
    await screen.findByRole('table', { name: 'Matching receipts, newest first' });
    observer.disconnect();
    expect(seen).toContain('false/true');
    expect(seen.every((state) => state.startsWith('false/'))).toBe(true);
    expect(document.activeElement).toBe(search);
  });

  it('finds a receipt by its id and says when nothing matches', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    typeInto(screen.getByLabelText('Receipt id'), server.shop[0]!.receiptId);
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch('1 receipt found.'));
    typeInto(screen.getByLabelText('Receipt id'), '00000000-0000-4000-8000-000000000000');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch('0 receipts found.'));
  });

  it('refuses a reversed date range in plain words and does not leave the last results standing as its own', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('table', { name: 'Matching receipts, newest first' });
    fireEvent.change(screen.getByLabelText('From (UTC)'), { target: { value: '2026-03-10' } });
    fireEvent.change(screen.getByLabelText('To (UTC)'), { target: { value: '2026-03-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Pick a start date on or before the end date.');
    expect(screen.queryByRole('table', { name: 'Matching receipts, newest first' })).toBeNull();
    expect(screen.getByRole('status').textContent).not.toMatch('found');
  });
});

describe('the search in the address', () => {
  const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

  it('opens a shared link with its search in the form and its receipts listed', async () => {
    const subject = server.shop[5]!.subjectId;
    openDashboard(`/admin/sites/shop/receipts?subjectId=${subject}&receiptId=&from=&to=`);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 receipts found.'));
    expect(value('Subject id')).toBe(subject);
  });

  it('puts each search into the address; Back and Forward run the searches before and after again', async () => {
    openDashboard();
    await openSite('Site shop', 'Receipts');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${server.shop.length} receipts found.`));
    expect(window.location.search).toBe('?subjectId=&receiptId=&from=&to=');
    const receipt = server.shop[0]!.receiptId;
    typeInto(screen.getByLabelText('Receipt id'), receipt);
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 receipt found.'));
    expect(window.location.search).toBe(`?subjectId=&receiptId=${receipt}&from=&to=`);

    window.history.back();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${server.shop.length} receipts found.`));
    expect(value('Receipt id')).toBe('');
    // Before the first search: nothing listed, as when the screen was opened.
    window.history.back();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Search by subject/));
    expect(screen.queryByRole('table', { name: 'Matching receipts, newest first' })).toBeNull();
    window.history.forward();
    window.history.forward();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 receipt found.'));
    expect(value('Receipt id')).toBe(receipt);
  });

  it('leaves values that are not valid empty', async () => {
    const fields = () => [value('Subject id'), value('Receipt id'), value('From (UTC)'), value('To (UTC)')];
    openDashboard('/admin/sites/shop/receipts?subjectId=not-a-uuid&from=2026-13-01&to=2020-02-30');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${server.shop.length} receipts found.`));
    expect(fields()).toEqual(['', '', '', '']);
    cleanup();
    // Dates that end before they start are no range.
    openDashboard('/admin/sites/shop/receipts?from=2026-03-10&to=2026-03-01');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${server.shop.length} receipts found.`));
    expect(fields()).toEqual(['', '', '', '']);
  });
});
