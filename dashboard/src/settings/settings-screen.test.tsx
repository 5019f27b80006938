import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { PolicyVersionInfo } from '@consentgate/shared';
import { policyVersionHash } from '@consentgate/shared/policy-hash';
import { captureDownloads, closeDashboard, openDashboard, openSite, server, signIn, typeInto } from '../test-support/dashboard-page.js';
import { startWeakeningProxy } from '../test-support/weakening-proxy.js';

afterEach(async () => {
  await closeDashboard();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

describe('site settings', () => {
  it('saving only the retention keeps the policy version; changing the categories bumps it', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    expect((await screen.findByTestId('policy-version')).textContent).toBe('1');

    typeInto(screen.getByLabelText('Keep receipts for (days)'), '2555');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Saved. Policy version stays 1.')).toBeTruthy();
    expect((screen.getByLabelText('Keep receipts for (days)') as HTMLInputElement).value).toBe('2555');

    const ids = () => screen.getAllByLabelText(/^Category \d+ id$/).map((input) => (input as HTMLInputElement).value);
    expect(ids()).toEqual(['necessary', 'analytics', 'marketing']);
    fireEvent.click(screen.getByRole('button', { name: 'Add category' }));
    typeInto(screen.getByLabelText('Category 4 id'), 'preferences');
    fireEvent.click(screen.getByLabelText('marketing is refused under GPC')); // was on: now off
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/policy version is now 2 \(was 1\)/)).toBeTruthy();
    expect(screen.getByTestId('policy-version').textContent).toBe('2');
    expect(ids()).toEqual(['necessary', 'analytics', 'marketing', 'preferences']);
    expect((screen.getByLabelText('marketing is refused under GPC') as HTMLInputElement).checked).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Remove preferences' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/policy version is now 3 \(was 2\)/)).toBeTruthy();
    expect(ids()).toEqual(['necessary', 'analytics', 'marketing']);
    expect(screen.queryByRole('button', { name: 'Remove necessary' })).toBeNull();
  });

  it('moves focus to a new category’s id, and after a removal to the next category’s id or to Add category', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const add = await screen.findByRole('button', { name: 'Add category' });
    add.focus();
    fireEvent.click(add);
    expect(document.activeElement).toBe(screen.getByLabelText('Category 4 id'));
    typeInto(screen.getByLabelText('Category 4 id'), 'preferences');

    // Not the last row: the category after it takes its place, and its id gets focus.
    const removeAnalytics = screen.getByRole('button', { name: 'Remove analytics' });
    removeAnalytics.focus();
    fireEvent.click(removeAnalytics);
    const ids = screen.getAllByLabelText(/^Category \d+ id$/).map((input) => (input as HTMLInputElement).value);
    expect(ids).toEqual(['necessary', 'marketing', 'preferences']);
    expect(document.activeElement).toBe(screen.getByLabelText('Category 2 id'));

    // The last row: nothing comes after it, so focus goes to Add category.
    const removePreferences = screen.getByRole('button', { name: 'Remove preferences' });
    removePreferences.focus();
    fireEvent.click(removePreferences);
    expect(screen.queryByLabelText('Category 3 id')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add category' }));
  });

  it('an always-on category cannot be refused under GPC, and a mistyped text key is refused', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const necessaryGpc = (await screen.findByLabelText('necessary is refused under GPC')) as HTMLInputElement;
    expect(necessaryGpc.disabled).toBe(true);
    const analyticsGpc = () => screen.getByLabelText('analytics is refused under GPC') as HTMLInputElement;
    if (!analyticsGpc().checked) fireEvent.click(analyticsGpc());
    expect(analyticsGpc().checked).toBe(true);
    fireEvent.click(screen.getByLabelText('analytics is always on'));
    expect(analyticsGpc().checked).toBe(false);
    expect(analyticsGpc().disabled).toBe(true);

    cleanup();
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    typeInto(await screen.findByLabelText('Jurisdiction (e.g. EU, UK, US-CA)'), 'Europe');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/jurisdiction/);
    typeInto(screen.getByLabelText('Jurisdiction (e.g. EU, UK, US-CA)'), 'uk');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/policy version is now/)).toBeTruthy();
    expect((screen.getByLabelText('Jurisdiction (e.g. EU, UK, US-CA)') as HTMLInputElement).value).toBe('UK');
    const version = screen.getByTestId('policy-version').textContent;
    typeInto(screen.getByLabelText('Texts per language (JSON)'), '{ "en": { "acceptAl": "OK" } }');
    const save = screen.getByRole('button', { name: 'Save settings' });
    save.focus();
    fireEvent.click(save);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/acceptAl/);
    expect(screen.getByTestId('policy-version').textContent).toBe(version);
  });

  it('clears a stored "refused under GPC" on an always-on category, so the site can be saved again', async () => {
    openDashboard();
    await openSite('Site subjects-demo', 'Settings');
    expect(await screen.findByText(/necessary was marked "refused under GPC" although always on/)).toBeTruthy();
    expect((screen.getByLabelText('necessary is refused under GPC') as HTMLInputElement).checked).toBe(false);
    typeInto(screen.getByLabelText('Keep receipts for (days)'), '400');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    // Saved (before, every save of this site was refused with a 400).
    expect(await screen.findByText(/^Saved\./)).toBeTruthy();
  });

  it('shows what is wrong with invalid input instead of saving', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    typeInto(await screen.findByLabelText('Services (JSON)'), '[{ "id": ');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Services is not valid JSON/);

    cleanup();
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    typeInto(await screen.findByLabelText('Allowed origins (one per line, e.g. https://www.example.com)'), 'not an origin');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/origin/i);
  });

  it('lists the published policy versions, each downloadable as the JSON its config hash recomputes from', async () => {
    openDashboard();
    await openSite('Site shop', 'Settings');
    await screen.findByTestId('policy-version');
    const details = screen.getByText('Published policy versions').closest('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    const table = await within(details).findByRole('table', { name: 'Policy versions, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('th')!.textContent)).toEqual(['v1']);
    const hash = rows[0]!.querySelector('code')!.textContent!;
    expect(screen.getByText(`${hash.slice(0, 12)}…`)).toBeTruthy();

    const files = captureDownloads();
    fireEvent.click(within(table).getByRole('button', { name: 'Download v1 (JSON)' }));
    await vi.waitFor(() => expect(files).toHaveLength(1));
    expect(files[0]!.name).toBe('policy-version-shop-1.json');
    const version = JSON.parse(await files[0]!.blob.text()) as PolicyVersionInfo;
    expect(version).toMatchObject({ siteId: 'shop', version: 1, configHash: hash });
    expect(await policyVersionHash(version)).toBe(hash);
  });

  it('shows the install snippet for this server, ready to copy', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const snippet = await screen.findByLabelText('Install snippet');
    expect(snippet.textContent).toContain(`<script src="${server.publicUrl}/consent.js" data-site="settings-demo" defer></script>`);
    fireEvent.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(await screen.findByText('Copied.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(snippet.textContent);
  });

  it('edits who the controller is, which visitors agree to anew', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const before = Number((await screen.findByTestId('policy-version')).textContent);
    expect((screen.getByLabelText(/^Controller \(/) as HTMLInputElement).value).toBe('Example Shop GmbH');
    typeInto(screen.getByLabelText(/^Controller contact/), '');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Give both the controller’s name and a contact, or neither.');

    typeInto(screen.getByLabelText(/^Controller \(/), 'Example Shop AG');
    typeInto(screen.getByLabelText(/^Controller contact/), 'datenschutz@shop.example');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(new RegExp(`policy version is now ${before + 1}`))).toBeTruthy();
    const res = await fetch(`${server.url}/v1/sites/settings-demo/config?lang=en`);
    expect(((await res.json()) as { controller: unknown }).controller).toEqual({ name: 'Example Shop AG', contact: 'datenschutz@shop.example' });
  });

  it('refuses to save over a change someone else saved meanwhile, keeps the edits, and loads the current settings on request', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const retention = (await screen.findByLabelText('Keep receipts for (days)')) as HTMLInputElement;
    const opened = retention.value;
    // Someone else (another tab, same session) renames the site after this form was loaded.
    const path = `${server.url}/v1/admin/sites/settings-demo`;
    const { csrfToken } = (await (await fetch(`${server.url}/v1/admin/session`)).json()) as { csrfToken: string };
    const { name, allowedOrigins, config, retentionDays } = (await (await fetch(path)).json()) as Record<string, unknown>;
    const put = (settings: Record<string, unknown>) =>
      fetch(path, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(settings) });
    expect((await put({ name: 'Renamed elsewhere', allowedOrigins, config, retentionDays })).status).toBe(200);
    onTestFinished(async () => void (await put({ name, allowedOrigins, config, retentionDays })));

    typeInto(retention, '400');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Not saved: someone else saved these settings after you opened them/);
    expect(retention.value).toBe('400');
    const stored = (await (await fetch(path)).json()) as { name: string; retentionDays: number };
    expect(stored).toMatchObject({ name: 'Renamed elsewhere', retentionDays: Number(opened) });

    vi.stubGlobal('confirm', vi.fn(() => true));
    fireEvent.click(screen.getByRole('button', { name: 'Load the current settings' }));
    await waitFor(() => expect((screen.getByLabelText('Site name') as HTMLInputElement).value).toBe('Renamed elsewhere'));
    expect((screen.getByLabelText('Keep receipts for (days)') as HTMLInputElement).value).toBe(opened);
    expect(screen.queryByRole('alert')).toBeNull();
    // Now the save applies to what is stored, and goes through.
    typeInto(screen.getByLabelText('Keep receipts for (days)'), '400');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/^Saved\./)).toBeTruthy();
    expect((await (await fetch(path)).json()) as { name: string; retentionDays: number }).toMatchObject({ name: 'Renamed elsewhere', retentionDays: 400 });
  });

  it('saves behind a proxy that marks the ETag weak, as compressing proxies do', async () => {
    const proxy = await startWeakeningProxy(server.url);
    onTestFinished(() => proxy.close());
    openDashboard('/admin/', proxy.url);
    await signIn(server.owner);
    await openSite('Site settings-demo', 'Settings');
    const retention = (await screen.findByLabelText('Keep receipts for (days)')) as HTMLInputElement;
    const opened = retention.value;
    typeInto(retention, '401');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/^Saved\./)).toBeTruthy();
    // The tag of the saved settings came back weakened too, and the next save goes through as well.
    typeInto(screen.getByLabelText('Keep receipts for (days)'), opened);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(await screen.findByText(/^Saved\./)).toBeTruthy();
    expect(((await (await fetch(`${proxy.url}/v1/admin/sites/settings-demo`)).json()) as { retentionDays: number }).retentionDays).toBe(Number(opened));
  });

  it('asks before unsaved edits are left behind, and stays when the user keeps them', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    await screen.findByTestId('policy-version');
    // The test DOM has no dialogs: the user's answer is stubbed.
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    // Nothing edited yet: moving on asks nothing.
    fireEvent.click(screen.getByRole('link', { name: 'Statistics' }));
    expect(await screen.findByRole('heading', { name: 'Consent statistics' })).toBeTruthy();
    expect(confirm).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    typeInto(await screen.findByLabelText('Site name'), 'A name not saved yet');
    fireEvent.click(screen.getByRole('link', { name: 'Statistics' }));
    expect(confirm).toHaveBeenCalledWith('Leave the settings? Your changes are not saved yet.');
    expect(window.location.pathname).toBe('/admin/sites/settings-demo/settings');
    expect((screen.getByLabelText('Site name') as HTMLInputElement).value).toBe('A name not saved yet');

    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('link', { name: 'Statistics' }));
    expect(await screen.findByRole('heading', { name: 'Consent statistics' })).toBeTruthy();
  });
});

describe('a save refused for one field', () => {
  /** The field is marked, says why next to it (its description), has focus, and the message below Save stays. */
  async function expectMarked(field: HTMLElement, message: RegExp) {
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    const described = (field.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described.some((text) => message.test(text))).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect((await screen.findByRole('alert')).textContent).toMatch(message);
    expect(screen.getAllByText(message)).toHaveLength(2);
  }

  it('marks Services or Texts that are not JSON, and moves focus there', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const services = await screen.findByLabelText('Services (JSON)');
    typeInto(services, '[{ "id": ');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await expectMarked(services, /Services is not valid JSON/);
    // The hint about policy versions still describes it too.
    expect(services.getAttribute('aria-describedby')).toMatch(/^consent-hint /);

    typeInto(services, '[]');
    const texts = screen.getByLabelText('Texts per language (JSON)');
    typeInto(texts, '{');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await expectMarked(texts, /Texts is not valid JSON/);
    expect(services.getAttribute('aria-invalid')).toBeNull();
    expect(services.getAttribute('aria-describedby')).toBe('consent-hint');
  });

  it('marks the field a server refusal names: an allowed origin, a category id, the texts', async () => {
    openDashboard();
    await openSite('Site settings-demo', 'Settings');
    const origins = await screen.findByLabelText('Allowed origins (one per line, e.g. https://www.example.com)');
    typeInto(origins, 'https://shop.example\nftp://files.example');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await expectMarked(origins, /"ftp:\/\/files\.example" must use http or https/);

    typeInto(origins, 'https://shop.example');
    fireEvent.click(screen.getByRole('button', { name: 'Add category' }));
    const added = screen.getByLabelText('Category 4 id');
    typeInto(added, 'analytics');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await expectMarked(added, /category "analytics" is listed twice/);
    expect(origins.getAttribute('aria-invalid')).toBeNull();

    fireEvent.click(screen.getAllByRole('button', { name: 'Remove analytics' })[1]!);
    const texts = screen.getByLabelText('Texts per language (JSON)');
    typeInto(texts, '{ "en": { "acceptAl": "OK" } }');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await expectMarked(texts, /acceptAl/);

    typeInto(texts, '{}');
    const retention = screen.getByLabelText('Keep receipts for (days)');
    typeInto(retention, '30');
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await expectMarked(retention, /receipts would be deleted after 30 days while a choice stays in force for 182/);
  });
});
