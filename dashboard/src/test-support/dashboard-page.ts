/**
 * Test helpers: render the whole dashboard against the real server started by the global setup, sign in through the
 * form, and move around like a user would.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { h } from 'preact';
import { expect, inject, vi } from 'vitest';
import { App } from '../app.js';
import type { AdminServerInfo } from './admin-server-info.js';

export const server: AdminServerInfo = inject('adminServer');

const happyDOM = () => (window as unknown as { happyDOM: { setURL(url: string): void; waitUntilComplete(): Promise<void> } }).happyDOM;

/** Opens `path` (below the server's origin, or another one in front of it) in the test window and renders the app there. */
export function openDashboard(path = '/admin/', origin = server.url) {
  happyDOM().setURL(`${origin}${path}`);
  return render(h(App, {}));
}

/** After each test: let requests still under way finish, then unmount the app. */
export async function closeDashboard(): Promise<void> {
  await happyDOM().waitUntilComplete();
  cleanup();
}

export function typeInto(input: HTMLElement, value: string): void {
  (input as HTMLInputElement).value = value;
  fireEvent.input(input, { target: { value } });
}

export async function signIn(email: string, password = server.password): Promise<void> {
  // Still signed in from an earlier test of this file (same window, same cookies): sign out first.
  const first = await screen.findByRole('button', { name: /^Sign (in|out)$/ });
  if (first.textContent === 'Sign out') fireEvent.click(first);
  typeInto(await screen.findByLabelText('Email'), email);
  typeInto(screen.getByLabelText('Password'), password);
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  // Checking a password is deliberately slow (argon2id); on a loaded machine it takes more than the default second.
  await screen.findByRole('button', { name: 'Sign out' }, { timeout: 5000 });
}

/** Opens a site's screen by clicking the site and then the tab. */
export async function openSite(siteName: string, tab?: string): Promise<void> {
  fireEvent.click(await screen.findByRole('link', { name: new RegExp(siteName) }));
  if (tab) fireEvent.click(await screen.findByRole('link', { name: tab }));
  await waitFor(() => expect(document.querySelector('main section')).not.toBeNull());
}

/** Catches the file the browser would save: the Blob handed to an object URL and the link's file name. */
export function captureDownloads() {
  const files: Array<{ name: string; blob: Blob }> = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:${server.url}/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  return files;
}

