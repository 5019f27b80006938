/**
 * Dashboard users (owners only): who may sign in, with which role and on which sites. Owners add users, change their
 * role and sites, disable and enable them, set a new password and remove them. The server keeps the rules (the last
 * active owner can be neither demoted, disabled nor removed; an email exists once) and this screen shows its answer.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSession, AdminSiteSummary, AdminUser, CreateUserInput, UpdateUserInput, UserRole } from '@consentgate/shared';
import { api, SESSION_ENDED } from '../api.js';
import { dateTime, errorText, isoDate } from '../format.js';
import { ConfirmAction } from '../confirm-action.js';
import { Outcome } from '../outcome.js';
import { useFocusOnMount } from '../rescue-focus.js';

// Defined here rather than imported from the shared package: the dashboard takes only types from it (no zod in the bundle).
const ROLE_LABELS: Record<UserRole, string> = { owner: 'Owner', site_admin: 'Site admin', viewer: 'Viewer' };
const ROLES = Object.keys(ROLE_LABELS) as UserRole[];
const ROLE_HINTS: Record<UserRole, string> = {
  owner: 'Every site, plus users and the audit log.',
  site_admin: 'Settings, receipts and subject requests of the sites ticked below.',
  viewer: 'Statistics and settings (read only) of the sites ticked below.',
};
const MIN_PASSWORD = 12;
const PASSWORD_HINT = `At least ${MIN_PASSWORD} characters.`;

type Result = { error?: string | null; notice?: string | null };
type PanelKind = 'edit' | 'password' | 'disable' | 'remove';
interface Panel {
  kind: PanelKind;
  userId: string;
}

const userPath = (id: string) => `/v1/admin/users/${encodeURIComponent(id)}`;
const byEmail = (a: AdminUser, b: AdminUser) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);

function passwordProblem(password: string): string | null {
  return password.length < MIN_PASSWORD ? `The password must have at least ${MIN_PASSWORD} characters.` : null;
}

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

function RoleSelect({ id, role, onChange, selectRef }: { id: string; role: UserRole; onChange(role: UserRole): void; selectRef?: { current: HTMLSelectElement | null } }) {
  return (
    <>
      <label>
        Role
        <select
          name="role"
          value={role}
          aria-describedby={`${id}-role-hint`}
          ref={selectRef}
          onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as UserRole)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <p class="hint" id={`${id}-role-hint`}>
        {ROLE_HINTS[role]}
      </p>
    </>
  );
}

/** Checkboxes of the sites a site admin or viewer may see; owners see every site, so none are offered for them. */
function SiteChecks({ sites, role, chosen, onChange }: { sites: AdminSiteSummary[]; role: UserRole; chosen: ReadonlySet<string>; onChange(chosen: Set<string>): void }) {
  if (role === 'owner') return <p class="hint">Owners see every site.</p>;
  if (sites.length === 0) return <p class="hint">There is no site yet to give access to.</p>;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset>
      <legend>Sites</legend>
      <div class="site-checks">
        {sites.map((site) => (
          <label class="inline" key={site.id}>
            <input type="checkbox" checked={chosen.has(site.id)} onChange={(e) => toggle(site.id, (e.currentTarget as HTMLInputElement).checked)} />
            {site.name} <span class="muted">({site.id})</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * A password input with a "show" switch: an owner setting someone's password must be able to check what they typed.
 * No minLength attribute: a too-short password gets the screen's own message, which stays and is announced, instead of
 * the browser's passing bubble.
 */
function PasswordField(props: { id: string; label: string; invalid: boolean; inputRef?: { current: HTMLInputElement | null } }) {
  const { id, label, invalid, inputRef } = props;
  const [shown, setShown] = useState(false);
  return (
    <>
      <label>
        {label}
        <input
          name="password"
          type={shown ? 'text' : 'password'}
          required
          maxLength={256}
          aria-invalid={invalid || undefined}
          autocomplete="new-password"
          spellcheck={false}
          aria-describedby={`${id}-password-hint`}
          ref={inputRef}
        />
      </label>
      <p class="hint" id={`${id}-password-hint`}>
        {PASSWORD_HINT} Hand it to the user privately; you can set a new one here at any time.
      </p>
      <label class="inline">
        <input type="checkbox" checked={shown} onChange={(e) => setShown((e.currentTarget as HTMLInputElement).checked)} />
        Show password
      </label>
    </>
  );
}

function AddUserForm({ sites, busy, onAdd }: { sites: AdminSiteSummary[]; busy: boolean; onAdd(input: CreateUserInput): void }) {
  // Viewer by default: the least a new user may do.
  const [role, setRole] = useState<UserRole>('viewer');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get('password') ?? '');
    const invalid = passwordProblem(password);
    setProblem(invalid);
    if (invalid) return;
    onAdd({ email: String(form.get('email') ?? '').trim(), password, role, sites: role === 'owner' ? [] : [...chosen] });
  };

  return (
    <form class="panel" aria-labelledby="add-user-title" onSubmit={submit}>
      <h2 id="add-user-title">Add a user</h2>
      <fieldset>
        <label>
          Email address
          <input name="email" type="email" required maxLength={254} autocomplete="off" spellcheck={false} />
        </label>
        <PasswordField id="add-user" label="Initial password" invalid={!!problem} />
        <RoleSelect id="add-user" role={role} onChange={setRole} />
        <SiteChecks sites={sites} role={role} chosen={chosen} onChange={setChosen} />
        <Outcome error={problem} />
        <button type="submit" aria-disabled={busy}>
          {busy ? 'Working…' : 'Add user'}
        </button>
      </fieldset>
    </form>
  );
}

function EditPanel(props: { user: AdminUser; sites: AdminSiteSummary[]; busy: boolean; onSave(change: UpdateUserInput): void; onCancel(): void; children: ComponentChildren }) {
  const { user, sites, busy, onSave, onCancel, children } = props;
  const [role, setRole] = useState<UserRole>(user.role);
  // An owner's "sites" are every site: demoting one starts from none ticked rather than handing out all of them.
  const [chosen, setChosen] = useState<Set<string>>(new Set(user.role === 'owner' ? [] : user.sites));
  const roleRef = useRef<HTMLSelectElement>(null);
  useFocusOnMount(roleRef);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy) onSave(role === 'owner' ? { role } : { role, sites: [...chosen] });
  };

  return (
    <form class="panel" aria-labelledby="edit-user-title" onSubmit={submit}>
      <h2 id="edit-user-title">Edit {user.email}</h2>
      <fieldset>
        <RoleSelect id="edit-user" role={role} onChange={setRole} selectRef={roleRef} />
        <SiteChecks sites={sites} role={role} chosen={chosen} onChange={setChosen} />
        {role !== user.role && <p class="hint">Changing the role signs {user.email} out; they sign in again with the new role.</p>}
        {children}
        <SubmitOrCancel label="Save changes" busy={busy} onCancel={onCancel} />
      </fieldset>
    </form>
  );
}

function PasswordPanel(props: { user: AdminUser; isSelf: boolean; busy: boolean; onSave(password: string): void; onCancel(): void; children: ComponentChildren }) {
  const { user, isSelf, busy, onSave, onCancel, children } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusOnMount(inputRef);

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get('password') ?? '');
    const invalid = passwordProblem(password);
    setProblem(invalid);
    if (!invalid) onSave(password);
  };

  return (
    <form class="panel" aria-labelledby="password-user-title" onSubmit={submit}>
      <h2 id="password-user-title">New password for {user.email}</h2>
      <fieldset>
        <p class="hint">
          {isSelf
            ? 'You will be signed out everywhere, this page included, and sign in again with the new password. Your API tokens are revoked.'
            : `${user.email} is signed out everywhere and their API tokens are revoked.`}
        </p>
        <PasswordField id="password-user" label="New password" invalid={!!problem} inputRef={inputRef} />
        <Outcome error={problem} />
        {children}
        <SubmitOrCancel label="Set password" busy={busy} onCancel={onCancel} />
      </fieldset>
    </form>
  );
}

function DisableConfirm(props: { user: AdminUser; busy: boolean; onDisable(): void; onCancel(): void; children: ComponentChildren }) {
  const { user, busy, onDisable, onCancel, children } = props;
  return (
    <ConfirmAction
      titleId="disable-user-title"
      title={<h2 id="disable-user-title">Disable {user.email}?</h2>}
      yesLabel="Yes, disable"
      busy={busy}
      onConfirm={onDisable}
      onCancel={onCancel}
    >
      <p>
        They are signed out everywhere at once and cannot sign in until an owner enables them again. Their API tokens are revoked
        for good: enabling them does not bring the tokens back.
      </p>
      {children}
    </ConfirmAction>
  );
}

function RemoveConfirm(props: { user: AdminUser; busy: boolean; onRemove(): void; onCancel(): void; children: ComponentChildren }) {
  const { user, busy, onRemove, onCancel, children } = props;
  const [confirmed, setConfirmed] = useState(false);
  const boxRef = useRef<HTMLInputElement>(null);
  useFocusOnMount(boxRef);
  return (
    <div class="confirm" role="group" aria-labelledby="remove-user-title">
      <h2 id="remove-user-title">Remove {user.email}?</h2>
      <p>
        They can no longer sign in, and their sessions and API tokens end at once. The audit log keeps what they did. To stop
        access for a while instead, disable them.
      </p>
      <label class="inline">
        <input type="checkbox" ref={boxRef} checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />I
        understand that removing cannot be undone
      </label>
      {children}
      <div class="actions">
        <button type="button" class="danger" disabled={!confirmed} aria-disabled={busy} onClick={() => !busy && onRemove()}>
          Remove permanently
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function SubmitOrCancel({ label, busy, onCancel }: { label: string; busy: boolean; onCancel(): void }) {
  return (
    <div class="actions">
      <button type="submit" aria-disabled={busy}>
        {label}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
