import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { closeDashboard, openDashboard, server, signIn, typeInto } from './test-support/dashboard-page.js';

afterEach(closeDashboard);
beforeAll(async () => {
  openDashboard();
  await signIn(server.owner);
  await closeDashboard();
});

describe('adding a site', () => {
  it('adds a site with the usual categories, shows its install snippet and lists it', async () => {
    const id = `blog-${Math.random().toString(36).slice(2, 8)}`;
    openDashboard();
    const form = within(await screen.findByRole('region', { name: 'Add a site' }));
    typeInto(form.getByLabelText(/^Site id/), id);
    typeInto(form.getByLabelText('Site name'), 'Company blog');
    typeInto(form.getByLabelText(/^Allowed origins/), 'https://blog.example\nhttps://www.blog.example');
    fireEvent.click(form.getByRole('button', { name: 'Add site' }));

    expect(await screen.findByText(`Site “Company blog” (${id}) added.`)).toBeTruthy();
    expect(screen.getByLabelText('Install snippet').textContent).toContain(`data-site="${id}"`);
    // The form is ready for the next site.
    expect((form.getByLabelText(/^Site id/) as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('link', { name: new RegExp(`Company blog ${id}`) })).toBeTruthy();
    // Visitors of the new site get a banner config at once.
    const config = (await (await fetch(`${server.url}/v1/sites/${id}/config?lang=en`)).json()) as { categories: Array<{ id: string }> };
    expect(config.categories.map((c) => c.id)).toEqual(['necessary', 'preferences', 'analytics', 'marketing']);

    fireEvent.click(screen.getByRole('link', { name: 'Open the settings of Company blog' }));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeTruthy();
    expect(window.location.pathname).toBe(`/admin/sites/${id}/settings`);
    await waitFor(() =>
      expect((screen.getByLabelText(/^Allowed origins/) as HTMLTextAreaElement).value).toBe('https://blog.example\nhttps://www.blog.example'),
    );
  });

  it('adds a site without origins, but says its receipts are refused until it has one', async () => {
    const id = `later-${Math.random().toString(36).slice(2, 8)}`;
    openDashboard();
    const form = within(await screen.findByRole('region', { name: 'Add a site' }));
    typeInto(form.getByLabelText(/^Site id/), id);
    typeInto(form.getByLabelText('Site name'), 'Origins later');
    fireEvent.click(form.getByRole('button', { name: 'Add site' }));
    expect(
      await screen.findByText(`Site “Origins later” (${id}) added. It has no allowed origin yet: browsers’ receipts are refused until you add one under Settings.`),
    ).toBeTruthy();
  });

  it('says why a site cannot be added and adds nothing', async () => {
    openDashboard();
    const form = within(await screen.findByRole('region', { name: 'Add a site' }));
    const before = screen.getAllByRole('listitem').length;
    typeInto(form.getByLabelText(/^Site id/), 'shop');
    typeInto(form.getByLabelText('Site name'), 'A second shop');
    fireEvent.click(form.getByRole('button', { name: 'Add site' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/shop/);
    expect(screen.queryByLabelText('Install snippet')).toBeNull();

    typeInto(form.getByLabelText(/^Site id/), 'shop-two');
    typeInto(form.getByLabelText(/^Allowed origins/), 'not an origin');
    fireEvent.click(form.getByRole('button', { name: 'Add site' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/origin/i));
    expect(screen.getAllByRole('listitem')).toHaveLength(before);
    expect((await fetch(`${server.url}/v1/sites/shop-two/config`)).status).toBe(404);
  });

  it('is not offered to other roles', async () => {
    openDashboard();
    await signIn(server.viewer);
    expect(await screen.findByRole('heading', { name: 'Sites' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Add a site' })).toBeNull();
  });
});
