/** Users (owners): placeholder until the screen lands. */
import type { AdminSession, AdminSiteSummary } from '@consentgate/shared';

export function UsersScreen(_props: { sites: AdminSiteSummary[]; self: AdminSession['user'] }) {
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
    </section>
  );
}
