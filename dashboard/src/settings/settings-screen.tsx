/**
 * Site settings: name, allowed origins, retention, and what visitors agree to (categories, services, texts, policy
 * link). Saving a change to what visitors agree to makes the server issue a new policy version, which brings the
 * banner back for every visitor; the screen says so before and after saving.
 * Categories are edited as a list; services and texts as JSON (the same shape as `window.consentgateConfig`). The
 * install snippet is shown first, to copy.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminSite, AdminSiteSummary, CategoryConfig, SiteSettingsInput } from '@consentgate/shared';
import { ApiFailure, request } from '../api.js';
import { errorText, nonEmptyLines } from '../format.js';
import { InstallSnippet } from '../install-snippet.js';
import { useLeaveWarning } from '../leave-warning.js';
import { Outcome } from '../outcome.js';
import { PolicyVersions } from './policy-versions.js';
import { FIELD_ERROR_ID, FieldProblem, fieldOfPath, parseJson, type Field } from './field-problems.js';

const json = (value: unknown) => JSON.stringify(value ?? null, null, 2);

const alwaysOn = (c: CategoryConfig) => c.id === 'necessary' || !!c.required;
/**
 * An always-on category cannot be refused under GPC (the server refuses that config). One stored before that rule
 * has the flag cleared here, or no save of this site would ever succeed; `fixed` says so.
 */
function loadCategories(categories: CategoryConfig[]): { list: CategoryConfig[]; fixed: string[] } {
  const fixed = categories.filter((c) => alwaysOn(c) && c.optOutOnGpc).map((c) => c.id);
  return { list: categories.map((c) => (alwaysOn(c) && c.optOutOnGpc ? { ...c, optOutOnGpc: undefined } : c)), fixed };
}

/**
 * The site's settings and their ETag, sent back as If-Match so a save cannot undo someone else's change unseen. The
 * server's tags are always strong; a proxy that compressed the answer may have marked it weak (W/), which the server
 * would never match, so the mark is taken off: the tag itself still names exactly the settings that were loaded.
 */
async function settingsOf(res: Response): Promise<{ site: AdminSite; tag: string | null }> {
  return { site: (await res.json()) as AdminSite, tag: res.headers.get('etag')?.replace(/^W\//, '') ?? null };
}

export function SettingsScreen({ site, onSaved }: { site: AdminSiteSummary; onSaved(site: AdminSite): void }) {
  const [loaded, setLoaded] = useState<AdminSite | null>(null);
  const tag = useRef<string | null>(null);
  /** A save was refused because the settings changed since they were loaded: offer to load the current ones. */
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The field a refused save is about, and what is wrong with it (also in `error`, below the form). */
  const [problem, setProblem] = useState<{ field: Field; message: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [categories, setCategories] = useState<CategoryConfig[]>([]);
  /** The category row whose id field gets focus after the next render (one just added, or the one after a removed one). */
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const categoryRows = useRef<HTMLTableSectionElement>(null);
  const addCategoryButton = useRef<HTMLButtonElement>(null);
  const canEdit = site.access.includes('manage');
  /** Edited since loaded or saved: leaving asks first. */
  const [edited, setEdited] = useState(false);
  useLeaveWarning(canEdit && edited, 'Leave the settings? Your changes are not saved yet.');
  const path = `/v1/admin/sites/${encodeURIComponent(site.id)}`;

  const load = () =>
    request('GET', path)
      .then(settingsOf)
      .then(
        ({ site, tag: current }) => {
          const { list, fixed } = loadCategories(site.config.categories);
          tag.current = current;
          setLoaded(site);
          setCategories(list);
          setEdited(false);
          setStale(false);
          setError(null);
          setProblem(null);
          setNotice(
            fixed.length > 0
              ? `${fixed.join(', ')} was marked "refused under GPC" although always on, so no GPC visitor's receipt could be stored. ` +
                  'The mark is cleared below; save to store the corrected settings.'
              : null,
          );
        },
        (err: unknown) => setError(errorText(err)),
      );
  useEffect(() => void load(), [path]);

  const changeCategory = (index: number, change: Partial<CategoryConfig>) =>
    setCategories((list) => list.map((c, i) => (i === index ? { ...c, ...change } : c)));

  const addCategory = () => {
    setEdited(true);
    setCategories((list) => [...list, { id: '' }]);
    setFocusRow(categories.length);
  };
  /** Focus moves to the id of the category that takes the removed one's place, or to Add category after the last. */
  const removeCategory = (index: number) => {
    setEdited(true);
    setCategories((list) => list.filter((_, j) => j !== index));
    setFocusRow(index);
  };

  useEffect(() => {
    if (focusRow === null) return;
    const idField = categoryRows.current?.children[focusRow]?.querySelector('input');
    (idField ?? addCategoryButton.current)?.focus();
    setFocusRow(null);
  }, [focusRow]);

  // On a long form the message below Save is out of sight: focus goes to the field at fault, which says what is wrong.
  useEffect(() => {
    if (!problem) return;
    const [name, row] = problem.field.split(':');
    const field = row === undefined ? formRef.current?.elements.namedItem(name!) : categoryRows.current?.children[Number(row)]?.querySelector('input');
    if (field instanceof HTMLElement) field.focus();
  }, [problem]);

  /** Marks a field a save was refused for, and points it at the message shown next to it. */
  const marked = (field: Field, describedBy?: string) => {
    const at = problem?.field === field;
    const ids = [describedBy, at ? FIELD_ERROR_ID : undefined].filter(Boolean).join(' ');
    return { 'aria-invalid': at ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
  };
  const fieldError = (field: Field) =>
    problem?.field === field && (
      <p class="error field-error" id={FIELD_ERROR_ID}>
        {problem.message}
      </p>
    );

  const refused = (message: string, field: Field | null, fieldMessage = message) => {
    setError(message);
    setProblem(field ? { field, message: fieldMessage } : null);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!loaded || busy || !canEdit) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError(null);
    setProblem(null);
    setNotice(null);
    let body: SiteSettingsInput;
    try {
      const policyUrl = String(form.get('policyUrl') ?? '').trim();
      const withdrawalUrl = String(form.get('withdrawalUrl') ?? '').trim();
      const jurisdiction = String(form.get('jurisdiction') ?? '').trim().toUpperCase();
      const controllerName = String(form.get('controllerName') ?? '').trim();
      const controllerContact = String(form.get('controllerContact') ?? '').trim();
      if (!controllerName !== !controllerContact) {
        throw new FieldProblem(controllerName ? 'controllerContact' : 'controllerName', 'Give both the controller’s name and a contact, or neither.');
      }
      body = {
        name: String(form.get('name') ?? ''),
        allowedOrigins: nonEmptyLines(String(form.get('origins') ?? '')),
        retentionDays: Number(form.get('retentionDays')),
        config: {
          ...loaded.config,
          policyUrl: policyUrl || undefined,
          withdrawalUrl: withdrawalUrl || undefined,
          jurisdiction: jurisdiction || undefined,
          controller: controllerName ? { name: controllerName, contact: controllerContact } : undefined,
          categories: categories.map((c) => ({ ...c, id: c.id.trim() })).filter((c) => c.id),
          services: parseJson('Services', 'services', String(form.get('services'))) as AdminSite['config']['services'],
          texts: parseJson('Texts', 'texts', String(form.get('texts'))) as AdminSite['config']['texts'],
        },
      };
    } catch (err) {
      refused(errorText(err), err instanceof FieldProblem ? err.field : null);
      return;
    }
    setBusy(true);
    try {
      const { site: saved, tag: current } = await request('PUT', path, body, tag.current ? { 'if-match': tag.current } : {}).then(settingsOf);
      tag.current = current;
      setLoaded(saved);
      setCategories(loadCategories(saved.config.categories).list);
      setEdited(false);
      onSaved(saved);
      setNotice(
        saved.policyVersion !== loaded.policyVersion
          ? `Saved. What visitors agree to changed: policy version is now ${saved.policyVersion} (was ${loaded.policyVersion}); visitors will be asked again.`
          : `Saved. Policy version stays ${saved.policyVersion}.`,
      );
    } catch (err) {
      const changed = err instanceof ApiFailure && err.status === 412;
      setStale(changed);
      const detail = err instanceof ApiFailure && err.status === 400 ? err.details[0] : undefined;
      const rows = categories.flatMap((c, i) => (c.id.trim() ? [i] : []));
      refused(
        changed
          ? 'Not saved: someone else saved these settings after you opened them (or you did, in another tab). Your changes are still in the form; load the current settings to see theirs, then make your change again.'
          : errorText(err),
        detail ? fieldOfPath(detail.path, rows) : null,
        detail?.message,
      );
    } finally {
      setBusy(false);
    }
  };

  if (!loaded) {
    return (
      <section aria-labelledby="settings-title">
        <h1 id="settings-title">Settings</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p role="status">Loading settings…</p>
        )}
      </section>
    );
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <p>
        Policy version <strong data-testid="policy-version">{loaded.policyVersion}</strong>
        {' · '}config hash <code>{loaded.configHash.slice(0, 12)}…</code>
      </p>
      <InstallSnippet snippet={loaded.installSnippet} />
      <PolicyVersions key={loaded.policyVersion} siteId={loaded.id} />
      {/* key: a save re-mounts the form with the stored values */}
      <form
        class="settings"
        ref={formRef}
        onSubmit={save}
        onInput={() => setEdited(true)}
        onChange={() => setEdited(true)}
        key={`${loaded.policyVersion}-${loaded.updatedAt}`}
      >
        {/* Not a disabled fieldset: a viewer must still be able to reach, scroll and copy every value (read-only). */}
        <fieldset>
          <label>
            Site name
            <input name="name" defaultValue={loaded.name} required maxLength={200} {...marked('name')} readOnly={!canEdit} />
          </label>
          {fieldError('name')}
          <label>
            Allowed origins (one per line, e.g. https://www.example.com)
            <textarea name="origins" rows={3} defaultValue={loaded.allowedOrigins.join('\n')} spellcheck={false} readOnly={!canEdit} {...marked('origins')} />
          </label>
          {fieldError('origins')}
          <label>
            Keep receipts for (days)
            <input name="retentionDays" type="number" min={1} max={36500} defaultValue={String(loaded.retentionDays)} required {...marked('retentionDays')} readOnly={!canEdit} />
          </label>
          {fieldError('retentionDays')}
          <label>
            Controller (who is responsible for the data, e.g. Example Shop GmbH)
            <input name="controllerName" defaultValue={loaded.config.controller?.name ?? ''} maxLength={200} {...marked('controllerName')} readOnly={!canEdit} />
          </label>
          {fieldError('controllerName')}
          <label>
            Controller contact (email or postal address for privacy requests)
            <input name="controllerContact" defaultValue={loaded.config.controller?.contact ?? ''} maxLength={300} {...marked('controllerContact')} readOnly={!canEdit} />
          </label>
          {fieldError('controllerContact')}
          <label>
            Privacy policy URL
            <input name="policyUrl" type="url" defaultValue={loaded.config.policyUrl ?? ''} {...marked('policyUrl')} readOnly={!canEdit} />
          </label>
          {fieldError('policyUrl')}
          <label>
            Withdrawal page URL (empty: the page consent was given on)
            <input name="withdrawalUrl" type="url" defaultValue={loaded.config.withdrawalUrl ?? ''} {...marked('withdrawalUrl')} readOnly={!canEdit} />
          </label>
          {fieldError('withdrawalUrl')}
          <label>
            Jurisdiction (e.g. EU, UK, US-CA)
            <input name="jurisdiction" defaultValue={loaded.config.jurisdiction ?? ''} maxLength={7} spellcheck={false} {...marked('jurisdiction')} readOnly={!canEdit} />
          </label>
          {fieldError('jurisdiction')}
          <p class="hint" id="consent-hint">
            Changing categories, services, texts, the controller, the policy or withdrawal URL or the jurisdiction
            creates a new policy version: every visitor sees the banner again.
          </p>
          <fieldset class="categories" aria-describedby="consent-hint">
            <legend>Categories</legend>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Id</th>
                    <th scope="col">Always on</th>
                    <th scope="col">Refused under GPC</th>
                    <th scope="col">
                      <span class="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody ref={categoryRows}>
                  {categories.map((category, i) => (
                    <tr key={i}>
                      <td>
                        <input
                          aria-label={`Category ${i + 1} id`}
                          value={category.id}
                          required
                          pattern="[a-z0-9][a-z0-9_\-]*"
                          title="Lower-case letters, digits, - and _"
                          readOnly={!canEdit || category.id === 'necessary'}
                          onInput={(e) => changeCategory(i, { id: (e.currentTarget as HTMLInputElement).value })}
                          {...marked(`category:${i}`)}
                        />
                        {fieldError(`category:${i}`)}
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${category.id || `Category ${i + 1}`} is always on`}
                          checked={category.id === 'necessary' || !!category.required}
                          disabled={!canEdit || category.id === 'necessary'}
                          onChange={(e) => {
                            const required = (e.currentTarget as HTMLInputElement).checked || undefined;
                            // An always-on category cannot also be refused under GPC (the server refuses that config).
                            changeCategory(i, required ? { required, optOutOnGpc: undefined } : { required });
                          }}
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${category.id || `Category ${i + 1}`} is refused under GPC`}
                          checked={!!category.optOutOnGpc}
                          disabled={!canEdit || category.id === 'necessary' || !!category.required}
                          onChange={(e) => changeCategory(i, { optOutOnGpc: (e.currentTarget as HTMLInputElement).checked || undefined })}
                        />
                      </td>
                      <td>
                        {canEdit && category.id !== 'necessary' && (
                          <button type="button" class="secondary" onClick={() => removeCategory(i)}>
                            Remove {category.id || `category ${i + 1}`}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canEdit && (
              <div>
                <button type="button" class="secondary" ref={addCategoryButton} onClick={addCategory}>
                  Add category
                </button>
              </div>
            )}
          </fieldset>
          <label>
            Services (JSON)
            <textarea name="services" rows={10} defaultValue={json(loaded.config.services)} spellcheck={false} {...marked('services', 'consent-hint')} readOnly={!canEdit} />
          </label>
          {fieldError('services')}
          <label>
            Texts per language (JSON)
            <textarea name="texts" rows={6} defaultValue={json(loaded.config.texts)} spellcheck={false} {...marked('texts', 'consent-hint')} readOnly={!canEdit} />
          </label>
          {fieldError('texts')}
          {canEdit ? (
            <button type="submit" aria-disabled={busy}>
              {busy ? 'Saving…' : 'Save settings'}
            </button>
          ) : (
            <p class="muted">Your role may read these settings but not change them.</p>
          )}
        </fieldset>
      </form>
      <Outcome error={error} notice={notice} />
      {stale && (
        <button type="button" class="secondary" onClick={() => window.confirm('Load the current settings? Your changes in this form are lost.') && void load()}>
          Load the current settings
        </button>
      )}
    </section>
  );
}

