/**
 * The dashboard's location: `/admin/` (site list), `/admin/sites/{siteId}/{screen}`, or a page of no site:
 * `/admin/users` and `/admin/audit` (owners), `/admin/tokens` (everyone's own API tokens). Kept
 * in the URL so a reload or a shared link opens the same screen (the server answers every /admin path with the app).
 * A screen's filters live in its query string (`/admin/sites/shop/stats?from=2026-11-01&to=2026-12-01&interval=week`):
 * this file is the one place that reads and writes them.
 */
import { useEffect, useState } from 'preact/hooks';

export const SCREENS = ['stats', 'receipts', 'settings', 'subjects'] as const;
export type Screen = (typeof SCREENS)[number];

/** Pages that belong to no site. */
export const PAGES = ['users', 'tokens', 'audit'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  siteId: string | null;
  screen: Screen;
  /** A page of no site (then siteId is null). */
  page?: Page;
  /** The screen's filters: the query string without `?` ('' for none). */
  query?: string;
}

const BASE = '/admin/';

export function parseRoute(pathname: string, search = ''): Route {
  const query = search.replace(/^\?/, '');
  const page = PAGES.find((p) => new RegExp(`^/admin/${p}/?$`).test(pathname));
  if (page) return { siteId: null, screen: 'stats', page, query };
  const match = /^\/admin\/sites\/([^/]+)(?:\/([a-z]+))?\/?$/.exec(pathname);
  if (!match?.[1]) return { siteId: null, screen: 'stats', query };
  const screen = SCREENS.find((s) => s === match[2]) ?? 'stats';
  return { siteId: decodeURIComponent(match[1]), screen, query };
}

export function routePath(route: Route): string {
  const query = route.query ? `?${route.query}` : '';
  if (route.page) return `${BASE}${route.page}${query}`;
  return route.siteId ? `${BASE}sites/${encodeURIComponent(route.siteId)}/${route.screen}${query}` : BASE;
}

const shownPath = () => window.location.pathname + window.location.search;

let leaveGuard: (() => boolean) | null = null;

/** Set by a screen with unsaved edits: asks whether the user agrees to lose them. null: nothing would be lost. */
export function setLeaveGuard(guard: (() => boolean) | null): void {
  leaveGuard = guard;
}

/** Whether the current screen may be left now (asks the user when it holds unsaved edits). */
export function mayLeave(): boolean {
  return !leaveGuard || leaveGuard();
}

/** Moves to `route`, unless the user keeps unsaved edits (`confirmed`: they already agreed to lose them). */
export function navigate(route: Route, { confirmed = false } = {}): void {
  const path = routePath(route);
  if (path !== shownPath() && !confirmed && !mayLeave()) return;
  if (path !== shownPath()) window.history.pushState(null, '', path);
  window.dispatchEvent(new Event('cg:navigate'));
}

/**
 * Shows the current screen with these filters in its query string, as a new history entry, so Back returns to the
 * filters before. Every field is written, empty ones too (as a GET form would): an address without any filter then
 * still says that a search was run. False when the address says so already (nothing changes, nothing to re-run).
 */
export function showFilters(filters: Record<string, string>): boolean {
  const query = new URLSearchParams(filters).toString();
  const path = `${window.location.pathname}?${query}`;
  if (path === shownPath()) return false;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event('cg:navigate'));
  return true;
}

/** A YYYY-MM-DD query value, or '' when it is missing or not a date of the calendar. */
export function dateParam(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? '';
  const time = Date.parse(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value) ? value : '';
}

/** Puts the filters of the address shown into the form's fields by name (opening a link, Back/Forward). */
export function fillForm(form: HTMLFormElement | null, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const field = form?.elements.namedItem(name);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname, window.location.search));
  useEffect(() => {
    let shown = shownPath();
    const update = () => {
      shown = shownPath();
      setRoute(parseRoute(window.location.pathname, window.location.search));
    };
    // Back/forward has moved the address already: a user who keeps their unsaved edits gets the screen's address back.
    const back = () => {
      if (mayLeave()) update();
      else window.history.pushState(null, '', shown);
    };
    window.addEventListener('popstate', back);
    window.addEventListener('cg:navigate', update);
    // Effects run after the first paint: a link clicked before that moved the location without anyone listening.
    update();
    return () => {
      window.removeEventListener('popstate', back);
      window.removeEventListener('cg:navigate', update);
    };
  }, []);
  return route;
}
