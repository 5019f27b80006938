/** The list of sites the signed-in user may see. */
import type { AdminSiteSummary } from '@consentgate/shared';
import { navigate } from './route.js';

export function SitePicker({
  sites,
  missing,
  owner,
}: {
  sites: AdminSiteSummary[];
  missing: string | null;
  owner: boolean;
  onCreated(site: AdminSiteSummary): void;
}) {
  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title">Sites</h1>
      {missing && (
        <p class="error" role="alert">
          The site “{missing}” does not exist or you may not see it.
        </p>
      )}
      {sites.length === 0 && owner ? (
        <p>
          There is no site yet. Add one with <code>pnpm cg site add &lt;id&gt; --name "…" --origin https://…</code> or{' '}
          <code>POST /v1/admin/sites</code>; it then appears here.
        </p>
      ) : sites.length === 0 ? (
        <p>No site is assigned to you yet. Ask an owner to give you access.</p>
      ) : (
        <ul class="site-list">
          {sites.map((site) => (
            <li key={site.id}>
              <a
                href={`/admin/sites/${encodeURIComponent(site.id)}/stats`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate({ siteId: site.id, screen: 'stats' });
                }}
              >
                <strong>{site.name}</strong> <span class="muted">{site.id}</span>
              </a>
              <span class="muted">
                policy version {site.policyVersion} · receipts kept {site.retentionDays} days
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
