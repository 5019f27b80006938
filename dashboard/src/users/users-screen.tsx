/**
 * Dashboard users (owners only): who may sign in, with which role and on which sites. Owners add users, change their
 * role and sites, disable and enable them, set a new password and remove them. The server keeps the rules (the last
 * active owner can be neither demoted, disabled nor removed; an email exists once) and this screen shows its answer.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSession, AdminSiteSummary, AdminUser, CreateUserInput, UpdateUserInput } from '@consentgate/shared';
import { api, SESSION_ENDED } from '../api.js';
import { dateTime, errorText, isoDate } from '../format.js';
import { Outcome } from '../outcome.js';
import { AddUserForm, DisableConfirm, EditPanel, PasswordPanel, RemoveConfirm, ROLE_LABELS } from './user-panels.js';

type Result = { error?: string | null; notice?: string | null };
type PanelKind = 'edit' | 'password' | 'disable' | 'remove';
interface Panel {
  kind: PanelKind;
  userId: string;
}

const userPath = (id: string) => `/v1/admin/users/${encodeURIComponent(id)}`;
const byEmail = (a: AdminUser, b: AdminUser) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);

export function UsersScreen({ sites, self }: { sites: AdminSiteSummary[]; self: AdminSession['user'] }) {
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [rowResult, setRowResult] = useState<Result>({});
  const [addResult, setAddResult] = useState<Result>({});
  const [addFormKey, setAddFormKey] = useState(0);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [busy, setBusy] = useState(false);
  // The state updates only on the next render; the ref refuses a second press that comes before it.
  const busyRef = useRef(false);
  // The button that opened a panel: Cancel gives the focus back to it.
  const openerRef = useRef<HTMLElement | null>(null);
  const [returnFocus, setReturnFocus] = useState(0);

  useEffect(() => {
    api<{ users: AdminUser[] }>('GET', '/v1/admin/users').then(
      (answer) => setUsers(answer.users),
      (err: unknown) => setRowResult({ error: errorText(err) }),
    );
  }, []);

  useEffect(() => {
    if (returnFocus > 0 && openerRef.current?.isConnected) openerRef.current.focus();
  }, [returnFocus]);

  /** Runs one request at a time; its notice or error goes to `report`. Resolves true when it succeeded. */
  const run = async (report: (r: Result) => void, work: () => Promise<string>): Promise<boolean> => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(true);
    report({});
    try {
      report({ notice: await work() });
      return true;
    } catch (err) {
      report({ error: errorText(err) });
      return false;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const replace = (user: AdminUser) => setUsers((list) => (list ?? []).map((u) => (u.id === user.id ? user : u)));
  const siteNames = (ids: readonly string[]) => ids.map((id) => sites.find((s) => s.id === id)?.name ?? id).join(', ');

  const openPanel = (kind: PanelKind, user: AdminUser, opener: HTMLElement) => {
    openerRef.current = opener;
    setRowResult({});
    setPanel({ kind, userId: user.id });
  };
  const cancelPanel = () => {
    setPanel(null);
    setRowResult({});
    setReturnFocus((n) => n + 1);
  };

  const add = (input: CreateUserInput) =>
    run(setAddResult, async () => {
      const created = await api<AdminUser>('POST', '/v1/admin/users', input);
      setUsers((list) => [...(list ?? []), created].sort(byEmail));
      // A new key re-mounts the form empty; focus then goes to the notice (Outcome rescues it).
      setAddFormKey((n) => n + 1);
      return `${created.email} added as ${ROLE_LABELS[created.role]}.`;
    });

  const update = (user: AdminUser, change: UpdateUserInput, notice: (updated: AdminUser) => string) =>
    run(setRowResult, async () => {
      const updated = await api<AdminUser>('PATCH', userPath(user.id), change);
      replace(updated);
      setPanel(null);
      return notice(updated);
    });

  const saveEdit = (user: AdminUser, change: UpdateUserInput) =>
    update(user, change, (u) => {
      const access = u.role === 'owner' ? 'every site' : u.sites.length > 0 ? siteNames(u.sites) : 'no site yet';
      const signedOut = u.role !== user.role ? ' They were signed out and sign in again with the new role.' : '';
      return `${u.email} saved: ${ROLE_LABELS[u.role]} of ${access}.${signedOut}`;
    });

  const setDisabled = (user: AdminUser, disabled: boolean) => {
    if (busyRef.current) return;
    // One thing at a time: a panel left open for another user would also take this answer.
    setPanel(null);
    void update(user, { disabled }, (u) =>
      disabled ? `${u.email} disabled: signed out everywhere, API tokens revoked.` : `${u.email} enabled: they can sign in again.`,
    );
  };

  const setPassword = async (user: AdminUser, password: string) => {
    const done = await update(user, { password }, (u) => `New password set for ${u.email}: signed out everywhere, API tokens revoked.`);
    // The server ended this session too: go to the sign-in form now rather than at the next click.
    if (done && user.id === self.id) window.dispatchEvent(new Event(SESSION_ENDED));
  };

  const remove = (user: AdminUser) =>
    run(setRowResult, async () => {
      await api<void>('DELETE', userPath(user.id));
      setUsers((list) => (list ?? []).filter((u) => u.id !== user.id));
      setPanel(null);
      return `${user.email} removed.`;
    });

  const panelUser = panel ? users?.find((u) => u.id === panel.userId) : undefined;
  const rowOutcome = <Outcome error={rowResult.error} notice={rowResult.notice} />;

  return (
    <section aria-labelledby="users-title" class="users">
      <h1 id="users-title">Users</h1>
      <p class="muted">
        Who may sign in to this dashboard. Disabling a user or setting a new password signs them out everywhere and revokes their
        API tokens (enabling them again does not bring the tokens back). The last active owner can be neither demoted, disabled
        nor removed.
      </p>
      {!panelUser && rowOutcome}
      {!users && !rowResult.error && <p role="status">Loading users…</p>}
      {users && (
        <UserTable
          users={users}
          self={self}
          busy={busy}
          panel={panel}
          siteNames={siteNames}
          onOpen={openPanel}
          onEnable={(user) => setDisabled(user, false)}
        />
      )}
      {panel && panelUser && (
        <div id="user-panel">
          {panel.kind === 'edit' && (
            <EditPanel key={panelUser.id} user={panelUser} sites={sites} busy={busy} onSave={(c) => void saveEdit(panelUser, c)} onCancel={cancelPanel}>
              {rowOutcome}
            </EditPanel>
          )}
          {panel.kind === 'password' && (
            <PasswordPanel
              key={panelUser.id}
              user={panelUser}
              isSelf={panelUser.id === self.id}
              busy={busy}
              onSave={(p) => void setPassword(panelUser, p)}
              onCancel={cancelPanel}
            >
              {rowOutcome}
            </PasswordPanel>
          )}
          {panel.kind === 'disable' && (
            <DisableConfirm key={panelUser.id} user={panelUser} busy={busy} onDisable={() => setDisabled(panelUser, true)} onCancel={cancelPanel}>
              {rowOutcome}
            </DisableConfirm>
          )}
          {panel.kind === 'remove' && (
            <RemoveConfirm key={panelUser.id} user={panelUser} busy={busy} onRemove={() => void remove(panelUser)} onCancel={cancelPanel}>
              {rowOutcome}
            </RemoveConfirm>
          )}
        </div>
      )}
      <AddUserForm key={addFormKey} sites={sites} busy={busy} onAdd={(input) => void add(input)} />
      <Outcome error={addResult.error} notice={addResult.notice} />
    </section>
  );
}

function UserTable(props: {
  users: AdminUser[];
  self: AdminSession['user'];
  busy: boolean;
  panel: Panel | null;
  siteNames(ids: readonly string[]): string;
  onOpen(kind: PanelKind, user: AdminUser, opener: HTMLElement): void;
  onEnable(user: AdminUser): void;
}) {
  const { users, self, busy, panel, siteNames, onOpen, onEnable } = props;
  // Opens a panel below the table; aria-expanded tells which row's panel is showing.
  const opener = (kind: PanelKind, user: AdminUser, label: string, className = 'secondary') => {
    const open = panel?.kind === kind && panel.userId === user.id;
    return (
      <button
        type="button"
        class={className}
        aria-label={`${label} ${user.email}`}
        aria-expanded={open}
        aria-controls={open ? 'user-panel' : undefined}
        onClick={(e) => onOpen(kind, user, e.currentTarget)}
      >
        {label}
      </button>
    );
  };
  // Enabling takes nothing away, so it needs no confirmation. The same <button> element as "Disable…" before it, so
  // the focus stays on it when the user's state flips.
  const enabler = (user: AdminUser) => (
    <button type="button" class="secondary" aria-label={`Enable ${user.email}`} aria-disabled={busy} onClick={() => !busy && onEnable(user)}>
      Enable
    </button>
  );
  return (
    <div class="table-scroll">
      <table>
        <caption>Dashboard users</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Sites</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const isSelf = user.id === self.id;
            return (
              <tr key={user.id}>
                <th scope="row">
                  {user.email}
                  {isSelf && <span class="muted"> (you)</span>}
                </th>
                <td>{ROLE_LABELS[user.role]}</td>
                <td>{user.role === 'owner' ? 'all sites' : siteNames(user.sites) || <span class="muted">none</span>}</td>
                <td>{isoDate(Date.parse(user.createdAt))}</td>
                <td>{user.disabledAt ? `disabled since ${dateTime(user.disabledAt)}` : 'active'}</td>
                <td>
                  {/* Your own row offers only a new password: demoting, disabling or removing yourself would lock you
                      out of this page (another owner can do it). */}
                  <div class="actions">
                    {!isSelf && opener('edit', user, 'Edit')}
                    {!isSelf && (user.disabledAt ? enabler(user) : opener('disable', user, 'Disable…'))}
                    {opener('password', user, 'Set password')}
                    {!isSelf && opener('remove', user, 'Remove…', 'danger')}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
