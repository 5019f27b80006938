/** The sign-in form: POST /v1/admin/session with email and password. */
import { useState } from 'preact/hooks';
import type { AdminSession } from '@consentgate/shared';
import { api, ApiFailure, SESSION_PATH } from './api.js';

export function SignIn({ onSignedIn, notice }: { onSignedIn(session: AdminSession): void; notice?: string | undefined }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      const session = await api<AdminSession>('POST', SESSION_PATH, { email: form.get('email'), password: form.get('password') });
      onSignedIn(session);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) setError('Wrong email or password.');
      else setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>ConsentGate</h1>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <h2>Sign in</h2>
        {notice && !error && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label>
          Email
          <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
