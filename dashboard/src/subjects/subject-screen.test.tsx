import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { closeDashboard, openDashboard, openSite, server, signIn, typeInto } from '../test-support/dashboard-page.js';

afterEach(closeDashboard);
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

describe('subject requests', () => {
  it("finds a subject's receipts, and erases them only after an explicit confirmation", async () => {
    const subjectId = server.subjects[0]!.subjectId;
    openDashboard();
    await openSite('Site subjects-demo', 'Subject requests');
    typeInto(screen.getByLabelText('Subject id'), subjectId);
    fireEvent.click(screen.getByRole('button', { name: 'Find receipts' }));
    const table = await screen.findByRole('table', { name: 'Receipts of this subject, newest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + server.subjects.length);
    expect(screen.getByText(/3 consent records of subject/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Erase this subject…' }));
    const confirm = screen.getByRole('group', { name: 'Erase 3 consent records?' });
    // The button that opened the confirmation is gone: focus is inside the confirmation, not lost to <body>.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('I understand that the records are gone for good')));
    const eraseButton = within(confirm).getByRole('button', { name: 'Erase permanently' }) as HTMLButtonElement;
    expect(eraseButton.disabled).toBe(true);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /Erase/ })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Erase this subject…' })));

    fireEvent.click(screen.getByRole('button', { name: 'Erase this subject…' }));
    fireEvent.click(screen.getByLabelText('I understand that the records are gone for good'));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Erase permanently' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Erase permanently' }));
    const erased = await screen.findByText(`Erased 3 consent records of subject ${subjectId}.`);
    await waitFor(() => expect(document.activeElement).toBe(erased));

    // Searching again finds nothing: the records are gone from the server.
    fireEvent.click(screen.getByRole('button', { name: 'Find receipts' }));
    await waitFor(() => expect(screen.getByText(/0 consent records of subject/)).toBeTruthy());
  });

  it('explains what a subject id looks like', async () => {
    openDashboard();
    await openSite('Site subjects-demo', 'Subject requests');
    typeInto(screen.getByLabelText('Subject id'), 'alice@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Find receipts' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/A subject id is a UUID/);
  });

  it('drops the last subject’s records and Erase button when the next id cannot be looked up', async () => {
    openDashboard();
    await openSite('Site shop', 'Subject requests');
    typeInto(screen.getByLabelText('Subject id'), server.shop[5]!.subjectId);
    fireEvent.click(screen.getByRole('button', { name: 'Find receipts' }));
    await screen.findByRole('table', { name: 'Receipts of this subject, newest first' });
    typeInto(screen.getByLabelText('Subject id'), 'alice@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Find receipts' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/A subject id is a UUID/);
    expect(screen.queryByRole('table', { name: 'Receipts of this subject, newest first' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Erase this subject…' })).toBeNull();
  });
});
