/**
 * Every policy version the site has published, each downloadable as the JSON that proves what its visitors were
 * shown (config and the texts of every language). Loaded when opened: most visits to Settings do not need it.
 */
import { useState } from 'preact/hooks';
import type { PolicyVersionSummary } from '@consentgate/shared';
import { api, download } from '../api.js';
import { dateTime, errorText } from '../format.js';
import { Outcome } from '../outcome.js';

export function PolicyVersions({ siteId }: { siteId: string }) {
  const base = `/v1/admin/sites/${encodeURIComponent(siteId)}/policy-versions`;
  const [versions, setVersions] = useState<PolicyVersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (event: Event) => {
    if (!(event.currentTarget as HTMLDetailsElement).open || versions) return;
    setError(null);
    api<{ versions: PolicyVersionSummary[] }>('GET', base).then(
      (answer) => setVersions([...answer.versions].reverse()),
      (err: unknown) => setError(errorText(err)),
    );
  };
  const save = (version: number) =>
    download(`${base}/${version}`, `policy-version-${siteId}-${version}.json`).catch((err: unknown) => setError(errorText(err)));

  return (
    <details class="install" onToggle={load}>
      <summary>Published policy versions</summary>
      <p class="hint">
        Each receipt names the version its visitor was shown. A version’s JSON holds its config and the texts of every language
        exactly as shown; its config hash, which every receipt under it carries, can be recomputed from it.
      </p>
      <Outcome error={error} />
      {!versions && !error && <p class="muted">Loading…</p>}
      {versions && (
        <div class="table-scroll">
          <table>
            <caption>Policy versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">Config hash</th>
                <th scope="col">Export</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">v{v.version}</th>
                  <td>{dateTime(v.createdAt)}</td>
                  <td>
                    <code>{v.configHash}</code>
                  </td>
                  <td>
                    <button type="button" class="secondary" onClick={() => void save(v.version)}>
                      Download v{v.version} (JSON)
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
