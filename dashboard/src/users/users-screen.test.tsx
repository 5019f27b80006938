import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { closeDashboard, openDashboard, server, signIn, typeInto } from '../test-support/dashboard-page.js';

afterEach(closeDashboard);
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

// All dashboard test files share one server: every user made here has an email of its own.
const uniqueEmail = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`;
const PASSWORD = 'first password 1234';

const usersTable = () => screen.getByRole('table', { name: 'Dashboard users' });
const rowOf = (email: string) => within(usersTable()).getByRole('rowheader', { name: new RegExp(`^${email.replace(/[.+]/g, '\\$&')}`) }).closest('tr')!;
const cells = (email: string) => [...rowOf(email).children].map((cell) => cell.textContent);
const addForm = () => screen.getByRole('form', { name: 'Add a user' });

async function openUsers(): Promise<void> {
  fireEvent.click(await screen.findByRole('link', { name: 'Users' }));
  await screen.findByRole('table', { name: 'Dashboard users' });
}

async function addUser(email: string, role: string, sites: string[]): Promise<void> {
  const form = addForm();
  typeInto(within(form).getByLabelText('Email address'), email);
  typeInto(within(form).getByLabelText('Initial password'), PASSWORD);
  fireEvent.change(within(form).getByLabelText('Role'), { target: { value: role } });
  for (const site of sites) fireEvent.click(within(form).getByLabelText(new RegExp(`^${site} `)));
  pressButton(within(form).getByRole('button', { name: 'Add user' }));
  await screen.findByText(new RegExp(`^${email.replace(/[.+]/g, '\\$&')} added as`));
}

/** Focuses and clicks, as a pointer or the keyboard would: what happens to the focus afterwards is part of the test. */
function pressButton(button: HTMLElement): void {
  button.focus();
  fireEvent.click(button);
}

/** Signs out and tries to sign in as `email`: the form says no. */
async function signInFails(email: string, password: string): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
  typeInto(await screen.findByLabelText('Email'), email);
  typeInto(screen.getByLabelText('Password'), password);
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
}

describe('users', () => {
  it('lists the users with the signed-in owner marked, and adds one who then sees only their sites', async () => {
    openDashboard('/admin/users');
    expect(await screen.findByRole('heading', { name: 'Users', level: 1 })).toBeTruthy();
    await screen.findByRole('table', { name: 'Dashboard users' });
    expect(cells(server.owner).slice(0, 3)).toEqual([`${server.owner} (you)`, 'Owner', 'all sites']);
    expect(cells(server.viewer).slice(1, 3)).toEqual(['Viewer', 'Site shop']);
    // Removing or disabling yourself is not offered.
    expect(within(rowOf(server.owner)).queryByRole('button', { name: /Remove|Disable/ })).toBeNull();

    // Owners see every site: choosing the role hides the site checkboxes.
    fireEvent.change(within(addForm()).getByLabelText('Role'), { target: { value: 'owner' } });
    await waitFor(() => expect(within(addForm()).queryByRole('group', { name: 'Sites' })).toBeNull());
    expect(within(addForm()).getByText('Owners see every site.')).toBeTruthy();

    const email = uniqueEmail('new-viewer');
    // A viewer with no site would see nothing: the form says so until one is ticked.
    const hint = 'With no site ticked, this user sees nothing until one is.';
    fireEvent.change(within(addForm()).getByLabelText('Role'), { target: { value: 'viewer' } });
    expect(await within(addForm()).findByText(hint)).toBeTruthy();
    const site = within(addForm()).getByLabelText(/^Site settings-demo /);
    fireEvent.click(site);
    await waitFor(() => expect(within(addForm()).queryByText(hint)).toBeNull());
    fireEvent.click(site);
    await addUser(email, 'viewer', ['Site settings-demo']);
    const notice = screen.getByText(`${email} added as Viewer.`);
    // The form is gone and back empty: focus went to the notice, not to the top of the page.
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect((within(addForm()).getByLabelText('Email address') as HTMLInputElement).value).toBe('');
    expect((within(addForm()).getByLabelText('Role') as HTMLSelectElement).value).toBe('viewer');
    const [, role, sites, created, status] = cells(email);
    expect([role, sites, status]).toEqual(['Viewer', 'Site settings-demo', 'active']);
    expect(created).toBe(new Date().toISOString().slice(0, 10));

    await signIn(email, PASSWORD);
    expect(await screen.findByRole('link', { name: /Site settings-demo/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Site shop/ })).toBeNull();
    expect(screen.queryByRole('link', { name: /Site subjects-demo/ })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    await signIn(server.owner);
  });

  it('changes role and sites, disables and enables, and sets a new password', async () => {
    const email = uniqueEmail('changed');
    openDashboard('/admin/users');
    await screen.findByRole('table', { name: 'Dashboard users' });
    await addUser(email, 'viewer', ['Site settings-demo']);

    // Edit opens a form with the focus in it; Cancel gives the focus back to the Edit button.
    fireEvent.click(screen.getByRole('button', { name: `Edit ${email}` }));
    const edit = screen.getByRole('form', { name: `Edit ${email}` });
    await waitFor(() => expect(document.activeElement).toBe(within(edit).getByLabelText('Role')));
    fireEvent.click(within(edit).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: `Edit ${email}` })));

    fireEvent.click(screen.getByRole('button', { name: `Edit ${email}` }));
    const form = screen.getByRole('form', { name: `Edit ${email}` });
    fireEvent.change(within(form).getByLabelText('Role'), { target: { value: 'site_admin' } });
    expect((within(form).getByLabelText(/^Site settings-demo/) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(form).getByLabelText(/^Site shop/));
    pressButton(within(form).getByRole('button', { name: 'Save changes' }));
    const saved = await screen.findByText(`${email} saved: Site admin of Site settings-demo, Site shop. They were signed out and sign in again with the new role.`);
    expect(screen.queryByRole('form', { name: `Edit ${email}` })).toBeNull();
    // The form closed under the focus: it moved to the notice.
    await waitFor(() => expect(document.activeElement).toBe(saved));
    expect(cells(email).slice(1, 3)).toEqual(['Site admin', 'Site settings-demo, Site shop']);

    // Disabling asks first (it revokes the user's API tokens for good); Cancel changes nothing.
    fireEvent.click(screen.getByRole('button', { name: `Disable… ${email}` }));
    let confirm = screen.getByRole('group', { name: `Disable ${email}?` });
    expect(confirm.textContent).toContain('Their API tokens are revoked for good');
    await waitFor(() => expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Yes, disable' })));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: `Disable… ${email}` })));
    expect(cells(email)[4]).toBe('active');

    // Disabled: marked so, and the user cannot sign in.
    fireEvent.click(screen.getByRole('button', { name: `Disable… ${email}` }));
    confirm = screen.getByRole('group', { name: `Disable ${email}?` });
    pressButton(within(confirm).getByRole('button', { name: 'Yes, disable' }));
    await waitFor(() => expect(cells(email)[4]).toMatch(/^disabled since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/));
    const disabled = screen.getByText(`${email} disabled: signed out everywhere, API tokens revoked.`);
    // The confirmation closed under the focus: it moved to the notice.
    await waitFor(() => expect(document.activeElement).toBe(disabled));
    expect(screen.queryByRole('group', { name: `Disable ${email}?` })).toBeNull();
    await signInFails(email, PASSWORD);

    await signIn(server.owner);
    await openUsers();
    fireEvent.click(screen.getByRole('button', { name: `Enable ${email}` }));
    await waitFor(() => expect(cells(email)[4]).toBe('active'));
    expect(screen.getByText(`${email} enabled: they can sign in again.`)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: `Set password ${email}` }));
    const reset = screen.getByRole('form', { name: `New password for ${email}` });
    await waitFor(() => expect(document.activeElement).toBe(within(reset).getByLabelText('New password')));
    typeInto(within(reset).getByLabelText('New password'), 'too short');
    fireEvent.click(within(reset).getByRole('button', { name: 'Set password' }));
    expect((await within(reset).findByRole('alert')).textContent).toBe('The password must have at least 12 characters.');
    const newPassword = 'second password 5678';
    typeInto(within(reset).getByLabelText('New password'), newPassword);
    fireEvent.click(within(reset).getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText(`New password set for ${email}: signed out everywhere, API tokens revoked.`)).toBeTruthy();

    await signInFails(email, PASSWORD);
    await signIn(email, newPassword);
    // A site admin of two sites now.
    expect(await screen.findByRole('link', { name: /Site shop/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Site settings-demo/ })).toBeTruthy();
    await signIn(server.owner);
  });

  it('removes a user only after an explicit confirmation', async () => {
    const email = uniqueEmail('removed');
    openDashboard('/admin/users');
    await screen.findByRole('table', { name: 'Dashboard users' });
    await addUser(email, 'site_admin', ['Site shop']);

    fireEvent.click(screen.getByRole('button', { name: `Remove… ${email}` }));
    const confirm = screen.getByRole('group', { name: `Remove ${email}?` });
    await waitFor(() => expect(document.activeElement).toBe(within(confirm).getByLabelText('I understand that removing cannot be undone')));
    expect((within(confirm).getByRole('button', { name: 'Remove permanently' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /^Remove/ })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: `Remove… ${email}` })));
    expect(rowOf(email)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: `Remove… ${email}` }));
    fireEvent.click(screen.getByLabelText('I understand that removing cannot be undone'));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Remove permanently' }) as HTMLButtonElement).disabled).toBe(false));
    pressButton(screen.getByRole('button', { name: 'Remove permanently' }));
    const removed = await screen.findByText(`${email} removed.`);
    // Its row and the confirmation are gone: focus is on the notice.
    await waitFor(() => expect(document.activeElement).toBe(removed));
    expect(within(usersTable()).queryByRole('rowheader', { name: email })).toBeNull();

    // Gone on the server too.
    await closeDashboard();
    openDashboard('/admin/users');
    await screen.findByRole('table', { name: 'Dashboard users' });
    expect(within(usersTable()).queryByRole('rowheader', { name: email })).toBeNull();
  });

  it('says why a user cannot be added, and adds nothing', async () => {
    openDashboard('/admin/users');
    await screen.findByRole('table', { name: 'Dashboard users' });
    const rows = within(usersTable()).getAllByRole('row').length;
    const form = addForm();
    typeInto(within(form).getByLabelText('Email address'), server.viewer);
    typeInto(within(form).getByLabelText('Initial password'), PASSWORD);
    fireEvent.click(within(form).getByRole('button', { name: 'Add user' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(`a user with email "${server.viewer}" already exists`);
    expect(within(usersTable()).getAllByRole('row')).toHaveLength(rows);
    // What was typed stays, to be corrected.
    expect((within(form).getByLabelText('Email address') as HTMLInputElement).value).toBe(server.viewer);
    expect(cells(server.viewer).slice(1, 3)).toEqual(['Viewer', 'Site shop']);
  });

  it('is not offered to other roles, and its address shows them their sites instead', async () => {
    // Signing in (out of the owner first) goes to the site list: then the address is opened, as from a bookmark.
    openDashboard();
    await signIn(server.viewer);
    await closeDashboard();
    openDashboard('/admin/users');
    expect(await screen.findByRole('heading', { name: 'Sites' })).toBeTruthy();
    expect(await screen.findByText('Your role (viewer) cannot open Users; showing your sites instead.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    expect(screen.queryByRole('table', { name: 'Dashboard users' })).toBeNull();
  });

  it('an owner who sets their own password is signed out at once and signs in with the new one', async () => {
    // A second owner of its own: the seeded owner's password is shared by every test file.
    const email = uniqueEmail('own-password');
    openDashboard();
    await signIn(server.owner);
    await openUsers();
    await addUser(email, 'owner', []);
    await signIn(email, PASSWORD);
    await openUsers();
    expect(cells(email)[0]).toBe(`${email} (you)`);
    expect(within(rowOf(email)).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([`Set password ${email}`]);

    fireEvent.click(screen.getByRole('button', { name: `Set password ${email}` }));
    const form = screen.getByRole('form', { name: `New password for ${email}` });
    expect(form.textContent).toContain('You will be signed out everywhere, this page included');
    const newPassword = 'my own new password 42';
    typeInto(within(form).getByLabelText('New password'), newPassword);
    fireEvent.click(within(form).getByRole('button', { name: 'Set password' }));
    // Straight to signing in again (over the page), not at the next click.
    const dialog = within(await screen.findByRole('dialog', { name: 'Sign in again' }));
    typeInto(dialog.getByLabelText('Email'), email);
    typeInto(dialog.getByLabelText('Password'), PASSWORD);
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));
    expect((await dialog.findByRole('alert')).textContent).toBe('Wrong email or password.');
    typeInto(dialog.getByLabelText('Password'), newPassword);
    fireEvent.click(dialog.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
    expect(cells(email)[0]).toBe(`${email} (you)`);
    await signIn(server.owner);
  });
});
