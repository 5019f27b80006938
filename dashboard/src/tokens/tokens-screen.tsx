/** API tokens: placeholder until the screen lands. */
import type { AdminSession } from '@consentgate/shared';

export function TokensScreen(_props: { self: AdminSession['user'] }) {
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">API tokens</h1>
    </section>
  );
}
