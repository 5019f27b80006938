/** The list of sites the signed-in user may see; owners also add sites here. */
import { useRef, useState } from 'preact/hooks';
import type { AdminSite, AdminSiteSummary, CreateSiteInput } from '@consentgate/shared';
import { api } from './api.js';
import { errorText, nonEmptyLines } from './format.js';
import { InstallSnippet } from './install-snippet.js';
import { Outcome } from './outcome.js';
import { navigate } from './route.js';

export function SitePicker({
  sites,
  missing,
  owner,
  onCreated,
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
        <p>There is no site yet. Add the first one below (or with <code>pnpm cg site add</code>).</p>
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
      {owner && <NewSite onCreated={onCreated} />}
    </section>
  );
}

/**
 * Adds a site with the usual four categories (the server's default), then shows its install snippet; the consent
 * config is refined on the site's Settings screen.
 */
function NewSite({ onCreated }: { onCreated(site: AdminSiteSummary): void }) {
  const [created, setCreated] = useState<AdminSite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body: CreateSiteInput = {
      id: String(data.get('id') ?? '').trim(),
      name: String(data.get('name') ?? '').trim(),
      allowedOrigins: nonEmptyLines(String(data.get('origins') ?? '')),
    };
    setBusy(true);
    setError(null);
    try {
      const site = await api<AdminSite>('POST', '/v1/admin/sites', body);
      form.current?.reset();
      setCreated(site);
      onCreated(site);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-labelledby="new-site-title">
      <h2 id="new-site-title">Add a site</h2>
      <form onSubmit={submit} ref={form}>
        <fieldset>
          <label>
            Site id (in the install tag; cannot change later)
            <input name="id" required maxLength={64} pattern="[a-z0-9][a-z0-9_\-]*" title="Lower-case letters, digits, - and _" spellcheck={false} />
          </label>
          <label>
            Site name
            <input name="name" required maxLength={200} />
          </label>
          <label>
            Allowed origins (one per line, e.g. https://www.example.com)
            <textarea name="origins" rows={2} spellcheck={false} />
          </label>
          <p class="hint">The site starts with the categories necessary, preferences, analytics and marketing; change them under Settings.</p>
          <button type="submit" aria-disabled={busy}>
            {busy ? 'Adding…' : 'Add site'}
          </button>
        </fieldset>
      </form>
      <Outcome
        error={error}
        notice={
          created &&
          `Site “${created.name}” (${created.id}) added.${
            created.allowedOrigins.length === 0 ? ' It has no allowed origin yet: browsers’ receipts are refused until you add one under Settings.' : ''
          }`
        }
      />
      {created && (
        <>
          <InstallSnippet snippet={created.installSnippet} open />
          <p>
            <a
              href={`/admin/sites/${encodeURIComponent(created.id)}/settings`}
              onClick={(e) => {
                e.preventDefault();
                navigate({ siteId: created.id, screen: 'settings' });
              }}
            >
              Open the settings of {created.name}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
