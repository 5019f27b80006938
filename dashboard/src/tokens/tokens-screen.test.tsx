import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { closeDashboard, openDashboard, server, signIn, typeInto } from '../test-support/dashboard-page.js';

afterEach(closeDashboard);
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 8)}`;
const sitesWith = (token: string) => fetch(`${server.url}/v1/admin/sites`, { headers: { authorization: `Bearer ${token}` } });

async function openTokens(): Promise<void> {
  fireEvent.click(await screen.findByRole('link', { name: 'API tokens' }));
  await screen.findByRole('heading', { name: 'API tokens', level: 1 });
  expect(window.location.pathname).toBe('/admin/tokens');
}

async function createToken(name: string): Promise<string> {
  typeInto(screen.getByLabelText('Token name'), name);
  fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
  const shown = await screen.findByLabelText<HTMLTextAreaElement>('New API token');
  return shown.value;
}

describe('API tokens', () => {
  it('a viewer makes a token shown once, uses it, and revokes it after confirming', async () => {
    openDashboard();
    await signIn(server.viewer);
    await openTokens();
    const name = unique('nightly export');
    const token = await createToken(name);
    expect(token).toMatch(/^cgt_/);
    // Focus is on the token, with the warning as its description.
    const field = screen.getByLabelText('New API token');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(document.getElementById(field.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Copy it now: it is not shown again. Anyone who has it can act as you through the API.',
    );
    expect((screen.getByLabelText('Token name') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    expect(await screen.findByText('Copied.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(token);

    // It works, with the viewer's sites only.
    const res = await sitesWith(token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { sites: Array<{ id: string }> }).sites.map((s) => s.id)).toEqual(['shop']);
    // As the screen says, it cannot make further tokens.
    const mint = await fetch(`${server.url}/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: unique('minted') }),
    });
    expect(mint.status).toBe(403);

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByLabelText('New API token')).toBeNull();
    expect(screen.queryByDisplayValue(token)).toBeNull();
    expect(document.body.textContent).not.toContain(token);
    // Focus does not fall to the page's top when the box goes.
    expect(document.activeElement).toBe(screen.getByLabelText('Token name'));
    const row = () => screen.getByRole('row', { name: new RegExp(name) });
    expect(row().textContent).toContain('active');
    expect(row().textContent).toContain('never');

    // Cancel revokes nothing and gives focus back to the button.
    fireEvent.click(within(row()).getByRole('button', { name: `Revoke ${name}…` }));
    const confirm = screen.getByRole('group', { name: `Revoke “${name}”?` });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Yes, revoke' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(within(row()).getByRole('button', { name: `Revoke ${name}…` })));
    expect(row().textContent).toContain('active');
    expect((await sitesWith(token)).status).toBe(200);

    fireEvent.click(within(row()).getByRole('button', { name: `Revoke ${name}…` }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    const notice = await screen.findByText(`Token “${name}” revoked: requests with it are refused from now on.`);
    // The row's buttons are gone: focus goes to the notice, not to the page's top.
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(row().textContent).toMatch(/revoked at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(within(row()).queryByRole('button')).toBeNull();
    expect((await sitesWith(token)).status).toBe(401);
  });

  it('refuses a token without a name and creates nothing', async () => {
    openDashboard();
    await signIn(server.viewer);
    await openTokens();
    const rows = screen.queryAllByRole('row').length;
    typeInto(screen.getByLabelText('Token name'), '   ');
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Give the token a name, e.g. the script or tool that will use it.');
    expect(screen.getByLabelText('Token name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByLabelText('New API token')).toBeNull();
    expect(screen.queryAllByRole('row')).toHaveLength(rows);
  });

  it('shows an owner every user’s tokens, with whose they are', async () => {
    openDashboard();
    await signIn(server.viewer);
    await openTokens();
    const name = unique('viewer BI tool');
    await createToken(name);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));

    await signIn(server.owner);
    await openTokens();
    const table = await screen.findByRole('table', { name: 'API tokens of every user, newest first' });
    const owners = within(table).getAllByRole('columnheader').findIndex((th) => th.textContent === 'User');
    expect(owners).toBe(1);
    await waitFor(() => expect(screen.getByRole('row', { name: new RegExp(name) }).children[owners]!.textContent).toBe(server.viewer));
  });

  it('says so when the browser refuses to copy, and leaves the token selected to copy by hand', async () => {
    openDashboard();
    await signIn(server.viewer);
    await openTokens();
    const token = await createToken(unique('clipboard refused'));
    const refuse = vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('NotAllowedError'));
    try {
      fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
      expect(await screen.findByText('The browser refused to copy. The token is selected above: copy it yourself (Ctrl+C or ⌘C).')).toBeTruthy();
    } finally {
      refuse.mockRestore();
    }
    const field = screen.getByLabelText<HTMLTextAreaElement>('New API token');
    expect(document.activeElement).toBe(field);
    expect(field.value.slice(field.selectionStart, field.selectionEnd)).toBe(token);
  });
});
