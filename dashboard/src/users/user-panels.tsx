/**
 * The forms and confirmations of the Users screen: adding a user, editing role and sites, setting a password,
 * disabling and removing. Each checks what it can before the server does (password length) and hands the change up.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { AdminSiteSummary, AdminUser, CreateUserInput, UpdateUserInput, UserRole } from '@consentgate/shared';
import { ConfirmAction } from '../confirm-action.js';
import { Outcome } from '../outcome.js';
import { useFocusOnMount } from '../rescue-focus.js';

// Defined here rather than imported from the shared package: the dashboard takes only types from it (no zod in the bundle).
export const ROLE_LABELS: Record<UserRole, string> = { owner: 'Owner', site_admin: 'Site admin', viewer: 'Viewer' };
const ROLES = Object.keys(ROLE_LABELS) as UserRole[];
const ROLE_HINTS: Record<UserRole, string> = {
  owner: 'Every site, plus users and the audit log.',
  site_admin: 'Settings, receipts and subject requests of the sites ticked below.',
  viewer: 'Statistics and settings (read only) of the sites ticked below.',
};
const MIN_PASSWORD = 12;
const PASSWORD_HINT = `At least ${MIN_PASSWORD} characters.`;

function passwordProblem(password: string): string | null {
  return password.length < MIN_PASSWORD ? `The password must have at least ${MIN_PASSWORD} characters.` : null;
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
      {chosen.size === 0 && <p class="hint">With no site ticked, this user sees nothing until one is.</p>}
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

export function AddUserForm({ sites, busy, onAdd }: { sites: AdminSiteSummary[]; busy: boolean; onAdd(input: CreateUserInput): void }) {
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

export function EditPanel(props: { user: AdminUser; sites: AdminSiteSummary[]; busy: boolean; onSave(change: UpdateUserInput): void; onCancel(): void; children: ComponentChildren }) {
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

export function PasswordPanel(props: { user: AdminUser; isSelf: boolean; busy: boolean; onSave(password: string): void; onCancel(): void; children: ComponentChildren }) {
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

export function DisableConfirm(props: { user: AdminUser; busy: boolean; onDisable(): void; onCancel(): void; children: ComponentChildren }) {
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

export function RemoveConfirm(props: { user: AdminUser; busy: boolean; onRemove(): void; onCancel(): void; children: ComponentChildren }) {
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
