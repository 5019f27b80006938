/**
 * API tokens (every signed-in user): create one for scripts and exports, see when each was last used, revoke.
 * A new token is shown once, right after it is made; the server keeps only its hash. Owners see everybody's tokens.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSession, AdminUser, ApiTokenInfo, CreatedApiToken } from '@consentgate/shared';
import { api } from '../api.js';
import { dateTime, errorText } from '../format.js';
import { CopyButton } from '../copy-button.js';
import { ConfirmAction } from '../confirm-action.js';
import { Outcome } from '../outcome.js';

type Self = AdminSession['user'];

/** The server's limit (CreateTokenInput); checked here too so the message names it. */
const NAME_MAX = 100;

export function TokensScreen({ self }: { self: Self }) {
  const owner = self.role === 'owner';
  const { tokens, emails, error: loadError, replace, prepend } = useTokenList(owner);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  /** Runs one change at a time: clears the last outcome, reports a failure; resolves with whether it worked. */
  const run = async (action: () => Promise<void>): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const create = (name: string) =>
    run(async () => {
      const answer = await api<CreatedApiToken>('POST', '/v1/admin/tokens', { name });
      setCreated(answer);
      prepend(answer.info);
    });

  const revoke = (token: ApiTokenInfo) =>
    run(async () => {
      replace(await api<ApiTokenInfo>('DELETE', `/v1/admin/tokens/${token.id}`));
      setRevoking(null);
      // The row's buttons are gone: Outcome moves focus to this notice.
      setNotice(`Token “${token.name}” revoked: requests with it are refused from now on.`);
    });

  const refuse = (message: string) => {
    setNotice(null);
    setError(message);
  };

  // "Done" removes the box and the button the user was on: continue from the name field.
  const done = () => {
    setCreated(null);
    nameRef.current?.focus();
  };

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <Intro />
      <CreateForm busy={busy} nameRef={nameRef} onCreate={create} onInvalid={refuse} />
      {created && <NewToken created={created} onDone={done} />}
      <Outcome error={error ?? loadError} notice={notice} />
      {tokens === null ? (
        !loadError && <p role="status">Loading tokens…</p>
      ) : tokens.length === 0 ? (
        <p>{owner ? 'Nobody has an API token yet.' : 'You have no API token yet.'}</p>
      ) : (
        <TokenTable
          tokens={tokens}
          owners={owner ? (id) => ownerName(id, self, emails) : null}
          revoking={revoking}
          busy={busy}
          onRevoke={setRevoking}
          onConfirm={(token) => void revoke(token)}
        />
      )}
    </section>
  );
}

/** The caller's tokens (an owner's: everybody's) and, for owners, user id → email to say whose each one is. */
function useTokenList(owner: boolean) {
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [emails, setEmails] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ tokens: ApiTokenInfo[] }>('GET', '/v1/admin/tokens').then(
      ({ tokens }) => setTokens(tokens),
      (err: unknown) => setError(errorText(err)),
    );
    if (!owner) return;
    // Without the users the list still works; it names users by id.
    api<{ users: AdminUser[] }>('GET', '/v1/admin/users').then(
      ({ users }) => setEmails(new Map(users.map((u) => [u.id, u.email]))),
      (err: unknown) => setError(`Users could not be loaded (${errorText(err)}); tokens show user ids instead of emails.`),
    );
  }, [owner]);
  return {
    tokens,
    emails,
    error,
    prepend: (token: ApiTokenInfo) => setTokens((list) => [token, ...(list ?? [])]),
    replace: (token: ApiTokenInfo) => setTokens((list) => (list ?? []).map((t) => (t.id === token.id ? token : t))),
  };
}

function ownerName(userId: string, self: Self, emails: Map<string, string>): string {
  if (userId === self.id) return `${self.email} (you)`;
  return emails.get(userId) ?? userId;
}

function Intro() {
  return (
    <p class="muted">
      For scripts, exports and BI tools: send <code>Authorization: Bearer cgt_…</code> to the admin API (
      <a href="/openapi.json">OpenAPI</a>). A token acts with your role and sites, cannot create tokens, and stops working the
      moment it is revoked, your password is reset or your account is disabled. It is shown only once, when it is made.
    </p>
  );
}

function CreateForm({
  busy,
  nameRef,
  onCreate,
  onInvalid,
}: {
  busy: boolean;
  nameRef: { current: HTMLInputElement | null };
  /** Resolves with whether the token was made; the name stays in the field when not. */
  onCreate(name: string): Promise<boolean>;
  onInvalid(message: string): void;
}) {
  const [invalid, setInvalid] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    const problem = nameProblem(name);
    setInvalid(problem !== null);
    if (problem) {
      onInvalid(problem);
      return;
    }
    void onCreate(name).then((made) => made && form.reset());
  };
  return (
    <form class="panel tokens-create" aria-labelledby="create-token-title" onSubmit={submit}>
      <h2 id="create-token-title">Create a token</h2>
      <fieldset>
        <label>
          Token name
          <input name="name" ref={nameRef} maxLength={NAME_MAX} aria-invalid={invalid || undefined} aria-describedby="token-name-hint" />
        </label>
        <p class="hint" id="token-name-hint">
          Required, up to {NAME_MAX} characters: the script or tool that will use it, e.g. “nightly CSV export”.
        </p>
        <button type="submit" aria-disabled={busy}>
          Create token
        </button>
      </fieldset>
    </form>
  );
}

function nameProblem(name: string): string | null {
  if (!name) return 'Give the token a name, e.g. the script or tool that will use it.';
  if (name.length > NAME_MAX) return `The name is too long: at most ${NAME_MAX} characters.`;
  return null;
}

/** The token just made, shown this once with a Copy button; the field is read-only so it can always be selected. */
function NewToken({ created, onDone }: { created: CreatedApiToken; onDone(): void }) {
  const field = useRef<HTMLTextAreaElement>(null);
  // Focus lands on the token, selected: Ctrl+C works at once, and its description reads the warning.
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  return (
    <div class="confirm" role="group" aria-labelledby="new-token-title">
      <h2 id="new-token-title">Token “{created.info.name}” created</h2>
      <label>
        New API token
        <textarea
          class="secret"
          ref={field}
          readOnly
          rows={2}
          spellcheck={false}
          aria-describedby="new-token-warning"
          value={created.token}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <p id="new-token-warning">Copy it now: it is not shown again. Anyone who has it can act as you through the API.</p>
      <div class="actions">
        <CopyButton
          text={created.token}
          label="Copy token"
          refused="The browser refused to copy. The token is selected above: copy it yourself (Ctrl+C or ⌘C)."
          onRefused={() => field.current?.select()}
        />
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function TokenTable({
  tokens,
  owners,
  revoking,
  busy,
  onRevoke,
  onConfirm,
}: {
  tokens: ApiTokenInfo[];
  /** Whose each token is, for owners (who see everybody's); null hides the column. */
  owners: ((userId: string) => string) | null;
  revoking: string | null;
  busy: boolean;
  onRevoke(id: string | null): void;
  onConfirm(token: ApiTokenInfo): void;
}) {
  return (
    <div class="table-scroll">
      <table class="tokens">
        <caption>{owners ? 'API tokens of every user, newest first' : 'Your API tokens, newest first'}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {owners && <th scope="col">User</th>}
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <TokenRow
              key={token.id}
              token={token}
              owner={owners?.(token.userId)}
              confirming={revoking === token.id}
              busy={busy}
              onRevoke={() => onRevoke(token.id)}
              onCancel={() => onRevoke(null)}
              onConfirm={() => onConfirm(token)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TokenRow({
  token,
  owner,
  confirming,
  busy,
  onRevoke,
  onCancel,
  onConfirm,
}: {
  token: ApiTokenInfo;
  owner: string | undefined;
  confirming: boolean;
  busy: boolean;
  onRevoke(): void;
  onCancel(): void;
  onConfirm(): void;
}) {
  const revokeButton = useRef<HTMLButtonElement>(null);
  useFocusBackAfterConfirm(revokeButton, confirming);
  const revoked = token.revokedAt !== null;
  return (
    <tr class={revoked ? 'muted revoked' : undefined}>
      <th scope="row">{token.name}</th>
      {owner !== undefined && <td>{owner}</td>}
      <td>{dateTime(token.createdAt)}</td>
      <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : 'never'}</td>
      <td>{token.revokedAt ? `revoked at ${dateTime(token.revokedAt)}` : 'active'}</td>
      <td>
        {!revoked && !confirming && (
          <button type="button" class="secondary" ref={revokeButton} onClick={onRevoke}>
            Revoke {token.name}…
          </button>
        )}
        {!revoked && confirming && <RevokeConfirm token={token} busy={busy} onConfirm={onConfirm} onCancel={onCancel} />}
      </td>
    </tr>
  );
}

/**
 * When the confirmation closes without revoking (Cancel, or another row's Revoke), the Revoke button comes back:
 * focus that was lost with the confirmation returns to it. Only on that change, never when the row first appears.
 */
function useFocusBackAfterConfirm(button: { current: HTMLButtonElement | null }, confirming: boolean): void {
  const wasConfirming = useRef(false);
  useEffect(() => {
    const closed = wasConfirming.current && !confirming;
    wasConfirming.current = confirming;
    const active = document.activeElement;
    if (closed && (active === null || active === document.body)) button.current?.focus();
  }, [confirming]);
}

function RevokeConfirm({ token, busy, onConfirm, onCancel }: { token: ApiTokenInfo; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const titleId = `revoke-${token.id}`;
  const title = (
    <p id={titleId}>
      <strong>Revoke “{token.name}”?</strong>
    </p>
  );
  return (
    <ConfirmAction titleId={titleId} title={title} yesLabel="Yes, revoke" busy={busy} onConfirm={onConfirm} onCancel={onCancel}>
      <p>Scripts using it are refused from then on. This cannot be undone; make a new token if one is needed again.</p>
    </ConfirmAction>
  );
}
