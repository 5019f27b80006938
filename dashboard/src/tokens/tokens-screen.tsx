/**
 * API tokens (every signed-in user): create one for scripts and exports, see when each was last used, revoke.
 * A new token is shown once, right after it is made; the server keeps only its hash. Owners see everybody's tokens.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSession, AdminUser, ApiTokenInfo, CreatedApiToken } from '@consentgate/shared';
import { api } from '../api.js';
import { dateTime, errorText } from '../format.js';
import { Outcome } from '../outcome.js';
import { useRescueFocus } from '../rescue-focus.js';

export function TokensScreen({ self }: { self: AdminSession['user'] }) {
  const owner = self.role === 'owner';
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [emails, setEmails] = useState<Map<string, string>>(new Map());
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api<{ tokens: ApiTokenInfo[] }>('GET', '/v1/admin/tokens').then(
      ({ tokens }) => setTokens(tokens),
      (err: unknown) => setError(errorText(err)),
    );
    // Owners see everyone's tokens: say whose each one is.
    if (owner) {
      api<{ users: AdminUser[] }>('GET', '/v1/admin/users').then(
        ({ users }) => setEmails(new Map(users.map((u) => [u.id, u.email]))),
        (err: unknown) => setError(errorText(err)),
      );
    }
  }, [owner]);
  // "Done" removes the shown token and its button: focus goes back to the name field.
  useRescueFocus(nameRef, [created]);
  // Cancel (or a revoke) removes the confirmation: focus goes to that row's Revoke button, or the outcome message.
  const revokeButtons = useRef(new Map<string, HTMLButtonElement>());
  const lastRevoking = useRef<string | null>(null);
  useEffect(() => {
    const before = lastRevoking.current;
    lastRevoking.current = revoking;
    const active = document.activeElement;
    if (revoking === null && before && (active === null || active === document.body)) revokeButtons.current.get(before)?.focus();
  }, [revoking]);

  const create = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setError(null);
    setNotice(null);
    if (!name) {
      setError('Give the token a name, e.g. the script or tool that will use it.');
      return;
    }
    setBusy(true);
    try {
      const answer = await api<CreatedApiToken>('POST', '/v1/admin/tokens', { name });
      form.reset();
      setCreated(answer);
      setTokens((list) => [answer.info, ...(list ?? [])]);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiTokenInfo) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const revoked = await api<ApiTokenInfo>('DELETE', `/v1/admin/tokens/${token.id}`);
      setTokens((list) => (list ?? []).map((t) => (t.id === revoked.id ? revoked : t)));
      setRevoking(null);
      setNotice(`Token “${token.name}” revoked: requests with it are refused from now on.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
      <p class="muted">
        For scripts, exports and BI tools: send <code>Authorization: Bearer cgt_…</code> to the admin API (
        <a href="/openapi.json">OpenAPI</a>). A token acts with your role and sites, cannot create tokens, and stops
        working the moment it is revoked, your password is reset or your account is disabled.
      </p>
      <form class="panel" onSubmit={create}>
        <fieldset>
          <label>
            Token name
            <input name="name" ref={nameRef} maxLength={100} placeholder="e.g. nightly CSV export" />
          </label>
          <button type="submit" aria-disabled={busy}>
            Create token
          </button>
        </fieldset>
      </form>
      {created && <NewToken created={created} onDone={() => setCreated(null)} />}
      <Outcome error={error} notice={notice} />
      {tokens === null ? (
        !error && <p role="status">Loading tokens…</p>
      ) : tokens.length === 0 ? (
        <p>{owner ? 'Nobody has an API token yet.' : 'You have no API token yet.'}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{owner ? 'API tokens of every user' : 'Your API tokens'}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {owner && <th scope="col">User</th>}
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
                <tr key={token.id} class={token.revokedAt ? 'muted' : undefined}>
                  <th scope="row">{token.name}</th>
                  {owner && <td>{token.userId === self.id ? `${self.email} (you)` : (emails.get(token.userId) ?? token.userId)}</td>}
                  <td>{dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : 'never'}</td>
                  <td>{token.revokedAt ? `revoked ${dateTime(token.revokedAt)}` : 'active'}</td>
                  <td>
                    {!token.revokedAt && revoking !== token.id && (
                      <button
                        type="button"
                        class="secondary"
                        ref={(el) => {
                          if (el) revokeButtons.current.set(token.id, el);
                          else revokeButtons.current.delete(token.id);
                        }}
                        onClick={() => setRevoking(token.id)}
                      >
                        Revoke {token.name}…
                      </button>
                    )}
                    {revoking === token.id && (
                      <RevokeConfirm token={token} busy={busy} onConfirm={() => void revoke(token)} onCancel={() => setRevoking(null)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The token just made, shown this once with a Copy button. */
function NewToken({ created, onDone }: { created: CreatedApiToken; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const copy = () =>
    navigator.clipboard.writeText(created.token).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser refused to copy; select the token and copy it yourself.'),
    );
  return (
    <div class="confirm" role="group" aria-labelledby="new-token-title" tabIndex={-1} ref={box}>
      <h2 id="new-token-title">Token “{created.info.name}” created</h2>
      <p>Copy it now: it is not shown again. Anyone who has it can act as you through the API.</p>
      <code class="secret" aria-label="New API token">
        {created.token}
      </code>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void copy()}>
          Copy token
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
        <span role="status" class="muted">
          {copied}
        </span>
      </div>
    </div>
  );
}

function RevokeConfirm({ token, busy, onConfirm, onCancel }: { token: ApiTokenInfo; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div role="group" aria-label={`Revoke ${token.name}?`} class="actions">
      <span>Revoke? Scripts using it stop working.</span>
      <button type="button" class="danger" ref={yes} aria-disabled={busy} onClick={onConfirm}>
        Yes, revoke
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
