import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { closeDashboard, openDashboard, server, signIn, typeInto } from './test-support/dashboard-page.js';

afterEach(async () => {
  await closeDashboard();
  vi.restoreAllMocks();
});

describe('signing in and out', () => {
  it('refuses a wrong password with a message, and signs in with the right one', async () => {
    openDashboard();
    typeInto(await screen.findByLabelText('Email'), server.owner);
    typeInto(screen.getByLabelText('Password'), 'not-the-password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('Wrong email or password.');

    await signIn(server.owner);
    expect(screen.getByText(/owner@example.com/)).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Sites' })).toBeTruthy();
    expect(screen.getAllByRole('link', { name: /Site / }).map((a) => a.textContent)).toEqual([
      'Site settings-demo settings-demo',
      'Site shop shop',
      'Site subjects-demo subjects-demo',
    ]);
  });

  it('restores the session on reload and signs out', async () => {
    openDashboard('/admin/sites/shop/stats');
    // Same window, same cookie jar as the sign-in above: no form this time.
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Consent statistics' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    cleanup();
    openDashboard();
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('a viewer sees only the sites given to them and no receipts or subject screens', async () => {
    openDashboard();
    await signIn(server.viewer);
    expect((await screen.findAllByRole('link', { name: /Site / })).map((a) => a.textContent)).toEqual(['Site shop shop']);
    fireEvent.click(screen.getByRole('link', { name: /Site shop/ }));
    const tabs = await screen.findByRole('navigation', { name: 'Site screens' });
    expect([...tabs.querySelectorAll('a')].map((a) => a.textContent)).toEqual(['Statistics', 'Settings']);
    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    // Moving to a screen puts the focus on its heading, so screen readers announce it.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Settings', level: 1 })));
    expect(await screen.findByText('Your role may read these settings but not change them.')).toBeTruthy();
    // Read-only, not disabled: a keyboard user can still reach, scroll and copy the values.
    const services = screen.getByLabelText('Services (JSON)') as HTMLTextAreaElement;
    expect(services.readOnly).toBe(true);
    expect(services.matches(':disabled')).toBe(false);
    services.focus();
    expect(document.activeElement).toBe(services);
    expect(screen.queryByRole('button', { name: 'Add category' })).toBeNull();
  });

  it('tells a viewer who opens the address of a screen their role lacks, and shows what they may see', async () => {
    openDashboard();
    await signIn(server.viewer);
    cleanup();
    openDashboard('/admin/sites/shop/receipts');
    expect(await screen.findByText('Your role (viewer) cannot open Receipts; showing Statistics instead.')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Consent statistics', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Matching receipts, newest first' })).toBeNull();
    // Moving on clears the message.
    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    await screen.findByRole('heading', { name: 'Settings', level: 1 });
    expect(screen.queryByText(/cannot open/)).toBeNull();
  });

  it('asks to sign in again, with a message, when the session ends elsewhere', async () => {
    openDashboard();
    await signIn(server.owner);
    fireEvent.click(await screen.findByRole('link', { name: /Site shop/ }));
    await screen.findByRole('table', { name: 'Choices in this range' });
    // The session is ended outside this page (as when it expires): sign out with the same cookie in another request.
    const session = (await (await fetch(`${server.url}/v1/admin/session`)).json()) as { csrfToken: string };
    expect((await fetch(`${server.url}/v1/admin/session`, { method: 'DELETE', headers: { 'x-csrf-token': session.csrfToken } })).status).toBe(204);
    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    expect(await screen.findByText('Your session has ended. Sign in again to continue.')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('keeps unsaved settings under the sign-in when the session ends, and saves them once signed in again', async () => {
    openDashboard();
    await signIn(server.owner);
    fireEvent.click(await screen.findByRole('link', { name: /Site shop/ }));
    fireEvent.click(await screen.findByRole('link', { name: 'Settings' }));
    const retention = (await screen.findByLabelText('Keep receipts for (days)')) as HTMLInputElement;
    const before = retention.value;
    typeInto(retention, String(Number(before) + 1));
    // The session ends elsewhere (as when it expires) while the edit is not saved yet.
    const session = (await (await fetch(`${server.url}/v1/admin/session`)).json()) as { csrfToken: string };
    expect((await fetch(`${server.url}/v1/admin/session`, { method: 'DELETE', headers: { 'x-csrf-token': session.csrfToken } })).status).toBe(204);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Sign in again' }));
    expect(dialog.getByText('Your session has ended. Sign in again to continue.')).toBeTruthy();
    expect(document.querySelector('.shell')!.hasAttribute('inert')).toBe(true);
    typeInto(dialog.getByLabelText('Email'), server.owner);
    typeInto(dialog.getByLabelText('Password'), server.password);
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
    // The refused save says why in plain words (not the API's "sign in first (POST …)").
    expect(screen.getByRole('alert').textContent).toBe('Not done: your session had ended. Sign in again, then try once more.');
    // The same screen, with the edit still in it: saving now stores it.
    expect((screen.getByLabelText('Keep receipts for (days)') as HTMLInputElement).value).toBe(String(Number(before) + 1));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/^Saved\./)).toBeTruthy();
    typeInto(screen.getByLabelText('Keep receipts for (days)'), before);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getAllByText(/^Saved\./)).toHaveLength(1));
  });

  it('says so when the server cannot be reached at start, and tries again on request', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('Failed to fetch'));
    openDashboard();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The dashboard could not start: the server cannot be reached; check your connection and try again.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: /^Sign (in|out)$/ })).toBeTruthy();
  });

  it('says so when the site list cannot be loaded, and loads it on Try again', async () => {
    await signInFresh();
    const realFetch = globalThis.fetch;
    let refused = false;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (!refused && String(input).endsWith('/v1/admin/sites')) {
        refused = true;
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return realFetch(input, init);
    });
    openDashboard();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your sites could not be loaded: the server cannot be reached; check your connection and try again.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sites' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

/** Signs in as the owner and unmounts, so the next render restores that session. */
async function signInFresh(): Promise<void> {
  openDashboard();
  await signIn(server.owner);
  cleanup();
}
