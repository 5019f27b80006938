/**
 * The dashboard shell: restores the session (GET /v1/admin/session), shows sign-in when there is none, then the
 * site list or one site's screens (statistics, receipts, settings, subject requests), the pages of no site (users,
 * API tokens, audit log) and a sign-out button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSession, AdminSiteSummary } from '@consentgate/shared';
import { api, ApiFailure, SESSION_ENDED, SESSION_PATH, setCsrfToken } from './api.js';
import { mayLeave, navigate, PAGES, useRoute, type Page, type Screen } from './route.js';
import { SignIn } from './sign-in.js';
import { SitePicker } from './site-picker.js';
import { StatsScreen } from './stats/stats-screen.js';
import { ReceiptsScreen } from './receipts/receipts-screen.js';
import { SettingsScreen } from './settings/settings-screen.js';
import { SubjectScreen } from './subjects/subject-screen.js';
import { AuditScreen } from './audit/audit-screen.js';
import { UsersScreen } from './users/users-screen.js';
import { TokensScreen } from './tokens/tokens-screen.js';
import { Outcome } from './outcome.js';

const SCREEN_NAMES: Record<Screen, string> = {
  stats: 'Statistics',
  receipts: 'Receipts',
  settings: 'Settings',
  subjects: 'Subject requests',
};

const PAGE_NAMES: Record<Page, string> = { users: 'Users', tokens: 'API tokens', audit: 'Audit log' };
const OWNER_PAGES = new Set<Page>(['users', 'audit']);

/** Which screens need which access (AdminSiteSummary.access). */
const SCREEN_ACCESS: Record<Screen, 'read' | 'manage' | 'erase'> = {
  stats: 'read',
  receipts: 'manage',
  settings: 'read',
  subjects: 'manage',
};

/** `ended`: the session ended under the user (expired, signed out elsewhere); the screens wait under a sign-in dialog. */
type State =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'signed-in'; session: AdminSession; ended?: boolean }
  | { kind: 'error'; message: string };

const ENDED_NOTICE = 'Your session has ended. Sign in again to continue.';

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const signedIn = (session: AdminSession) => {
    setCsrfToken(session.csrfToken);
    setState({ kind: 'signed-in', session });
  };

  /** Asks the server who the caller is; run at start and again from the error screen's "Try again". */
  const restore = () => {
    setState({ kind: 'loading' });
    api<AdminSession>('GET', SESSION_PATH).then(signedIn, (err: unknown) => {
      if (err instanceof ApiFailure && err.status === 401) setState({ kind: 'signed-out' });
      else setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    });
  };

  useEffect(() => {
    restore();
    const ended = () => {
      setCsrfToken(null);
      // The screens stay as they were, unsaved edits included, so signing in again continues where the user was.
      setState((s) => (s.kind === 'signed-in' ? { ...s, ended: true } : { kind: 'signed-out', notice: ENDED_NOTICE }));
    };
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, []);

  if (state.kind === 'loading') return <p class="loading" role="status">Loading…</p>;
  if (state.kind === 'error') return <StartFailed message={state.message} onRetry={restore} />;
  if (state.kind === 'signed-out') return <SignIn onSignedIn={signedIn} notice={state.notice} />;

  const signOut = async () => {
    // Signing out leaves the screen too: unsaved edits are asked about first, once.
    if (!mayLeave()) return;
    await api('DELETE', SESSION_PATH).catch(() => undefined);
    setCsrfToken(null);
    setState({ kind: 'signed-out' });
    navigate({ siteId: null, screen: 'stats' }, { confirmed: true });
  };
  return (
    <>
      {/* Keyed by user: someone else signing in after the session ended gets fresh screens, not the last user's. */}
      <SignedIn key={state.session.user.id} session={state.session} onSignOut={signOut} inert={!!state.ended} />
      {state.ended && <SessionEnded onSignedIn={signedIn} />}
    </>
  );
}

/** Sign-in over the screens of a session that ended: a modal dialog, so the page beneath keeps its state. */
function SessionEnded({ onSignedIn }: { onSignedIn(session: AdminSession): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="session-ended" aria-label="Sign in again" onCancel={(e) => e.preventDefault()}>
      <SignIn onSignedIn={onSignedIn} notice={ENDED_NOTICE} />
    </dialog>
  );
}

/** The server could not say who the caller is (unreachable, 5xx): say so, and offer to ask again without a reload. */
function StartFailed({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <main class="sign-in">
      <h1>ConsentGate</h1>
      <p class="error" role="alert">
        The dashboard could not start: {message}.
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </main>
  );
}

function SignedIn({ session, onSignOut, inert }: { session: AdminSession; onSignOut(): void; inert: boolean }) {
  const route = useRoute();
  const [sites, setSites] = useState<AdminSiteSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Bumped by "Try again" after the site list could not be loaded. */
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    api<AdminSiteSummary[] | { sites: AdminSiteSummary[] }>('GET', '/v1/admin/sites').then(
      (answer) => setSites(Array.isArray(answer) ? answer : answer.sites),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [attempt]);
  const retry = () => {
    setError(null);
    setAttempt((n) => n + 1);
  };

  // After moving to another screen, focus its heading so screen readers announce where the user is now.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [route.siteId, route.screen, route.page, sites !== null]);

  const isOwner = session.user.role === 'owner';
  const pages = PAGES.filter((p) => isOwner || !OWNER_PAGES.has(p));
  // A page the user may not open (its address typed or shared) shows their sites instead.
  const page = route.page && pages.includes(route.page) ? route.page : undefined;
  const site = page ? undefined : sites?.find((s) => s.id === route.siteId);
  const screens = (Object.keys(SCREEN_NAMES) as Screen[]).filter((s) => site?.access.includes(SCREEN_ACCESS[s]));
  const screen = screens.includes(route.screen) ? route.screen : 'stats';
  // An address the role may not open (typed, bookmarked or shared by someone else) says so instead of silently
  // showing another screen.
  const refused = site && route.screen !== screen ? SCREEN_NAMES[route.screen] : sites && route.page && !page ? PAGE_NAMES[route.page] : null;

  return (
    <div class="shell" inert={inert}>
      <header class="top">
        <a
          class="brand"
          href="/admin/"
          onClick={(e) => {
            e.preventDefault();
            navigate({ siteId: null, screen: 'stats' });
          }}
        >
          ConsentGate
        </a>
        {site && <span class="site-name">{site.name}</span>}
        <nav aria-label="Account" class="pages">
          {pages.map((p) => (
            <a
              key={p}
              href={`/admin/${p}`}
              aria-current={p === page ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate({ siteId: null, screen: 'stats', page: p });
              }}
            >
              {PAGE_NAMES[p]}
            </a>
          ))}
        </nav>
        <span class="who">
          {session.user.email} ({session.user.role.replace('_', ' ')})
        </span>
        <button type="button" class="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {site && (
        <nav aria-label="Site screens" class="tabs">
          {screens.map((s) => (
            <a
              key={s}
              href={`/admin/sites/${encodeURIComponent(site.id)}/${s}`}
              aria-current={s === screen ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate({ siteId: site.id, screen: s });
              }}
            >
              {SCREEN_NAMES[s]}
            </a>
          ))}
        </nav>
      )}
      <main>
        <Outcome error={error && `Your sites could not be loaded: ${error}.`} />
        {error && !sites && (
          <button type="button" onClick={retry}>
            Try again
          </button>
        )}
        {refused && (
          <p class="muted" role="status">
            {`Your role (${session.user.role.replace('_', ' ')}) cannot open ${refused}; showing ${site ? SCREEN_NAMES[screen] : 'your sites'} instead.`}
          </p>
        )}
        {!sites && !error && <p role="status">Loading sites…</p>}
        {sites && page === 'audit' && <AuditScreen sites={sites} query={route.query} />}
        {sites && page === 'users' && <UsersScreen sites={sites} self={session.user} />}
        {page === 'tokens' && <TokensScreen self={session.user} />}
        {sites && !site && !page && (
          <SitePicker sites={sites} missing={route.siteId} owner={isOwner} onCreated={(s) => setSites([...sites, s])} />
        )}
        {site && screen === 'stats' && <StatsScreen key={site.id} site={site} query={route.query} />}
        {site && screen === 'receipts' && <ReceiptsScreen key={site.id} site={site} query={route.query} />}
        {site && screen === 'settings' && <SettingsScreen key={site.id} site={site} onSaved={(s) => setSites(sites!.map((x) => (x.id === s.id ? s : x)))} />}
        {site && screen === 'subjects' && <SubjectScreen key={site.id} site={site} />}
      </main>
    </div>
  );
}
