/**
 * The dashboard's location: `/admin/` (site list), `/admin/sites/{siteId}/{screen}`, or a page of no site:
 * `/admin/users` and `/admin/audit` (owners), `/admin/tokens` (everyone's own API tokens). Kept
 * in the URL so a reload or a shared link opens the same screen (the server answers every /admin path with the app).
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
}

const BASE = '/admin/';

export function parseRoute(pathname: string): Route {
  const page = PAGES.find((p) => new RegExp(`^/admin/${p}/?$`).test(pathname));
  if (page) return { siteId: null, screen: 'stats', page };
  const match = /^\/admin\/sites\/([^/]+)(?:\/([a-z]+))?\/?$/.exec(pathname);
  if (!match?.[1]) return { siteId: null, screen: 'stats' };
  const screen = SCREENS.find((s) => s === match[2]) ?? 'stats';
  return { siteId: decodeURIComponent(match[1]), screen };
}

export function routePath(route: Route): string {
  if (route.page) return `${BASE}${route.page}`;
  return route.siteId ? `${BASE}sites/${encodeURIComponent(route.siteId)}/${route.screen}` : BASE;
}

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
  if (path !== window.location.pathname && !confirmed && !mayLeave()) return;
  if (path !== window.location.pathname) window.history.pushState(null, '', path);
  window.dispatchEvent(new Event('cg:navigate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    let shown = window.location.pathname;
    const update = () => {
      shown = window.location.pathname;
      setRoute(parseRoute(shown));
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
