/**
 * Visitor self-service: "Your consent history" from the server (authorised by the subject secret kept in this browser),
 * downloads as JSON/CSV files, and erasure of the records after an explicit confirmation.
 * Its own chunk: loaded only when the visitor asks to see the history (see history-section.tsx).
 */
import { existingSubject } from '../receipts/subject.js';
import { forgetSubject } from '../receipts/forget-subject.js';
import { receipts } from '../actions.js';
import { Component, Fragment, h } from 'preact';
import type { SignedReceipt } from '@consentgate/shared/schemas';
import type { UiHost } from './contract.js';
import type { WidgetTexts } from '@consentgate/shared/schemas';

/**
 * The categories a receipt allowed, named and in the site's order (a category the site has since dropped: last), then
 * the services it allowed by themselves in a refused category (an embed's "Allow").
 */
function allowedNames(r: SignedReceipt, host: UiHost, t: WidgetTexts): string {
  const order = host.config.categories.map((c) => c.id);
  const rank = (id: string) => (order.indexOf(id) + 1 || 1e3);
  const names = Object.keys(r.categories).filter((id) => r.categories[id]).sort((a, b) => rank(a) - rank(b)).map((id) => t.categories[id]?.name || id);
  for (const s of host.config.services) if (r.services[s.id] && !r.categories[s.category]) names.push(s.name);
  return names.join(', ');
}

type State = { kind: 'loading' } | { kind: 'list'; receipts: SignedReceipt[] } | { kind: 'failed' } | { kind: 'deleted' };

interface Local {
  state: State;
  confirming: boolean;
  /** Said in the live region that is always there (one inserted together with its words is often not read out). */
  status: string;
  /** A download or erasure that failed: said as an alert, with the list and the buttons kept to try again. */
  error: boolean;
}

export class History extends Component<{ host: UiHost; texts: WidgetTexts }, Local> {
  override state: Local = { state: { kind: 'loading' }, confirming: false, status: '', error: false };

  /**
   * When the control just used is gone (the show button, Cancel, the confirmed Yes), browsers drop focus to <body>;
   * it goes to what replaced it instead: the delete button after Cancel, else the history itself.
   */
  rescueFocus() {
    const root = this.base as HTMLElement | undefined;
    const active = (root?.getRootNode() as ShadowRoot | Document | undefined)?.activeElement;
    if (!root || (active && active != document.body)) return;
    (root.querySelector<HTMLElement>('[data-refocus]') || root).focus();
  }

  override componentDidUpdate() {
    this.rescueFocus();
  }

  override componentDidMount() {
    this.rescueFocus();
    this.request('GET')
      .then((r) => r.json() as Promise<{ receipts: SignedReceipt[] }>)
      .then((body) => this.setState({ state: { kind: 'list', receipts: body.receipts } }), this.failed);
  }

  request(method: 'GET' | 'DELETE', format = '') {
    const host = this.props.host;
    const who = existingSubject(host.storage, host.siteId)!;
    const url = `${host.api}/v1/subjects/${who.id}${method == 'GET' ? '/receipts' : ''}?siteId=${encodeURIComponent(host.siteId!)}${format}`;
    return fetch(url, { method, headers: { authorization: `Bearer ${who.secret}` } }).then((response) => {
      if (!response.ok) throw new Error(`ConsentGate: ${method} ${url} answered ${response.status}`);
      return response;
    });
  }

  failed = (error: unknown) => {
    console.error(error);
    this.setState({ state: { kind: 'failed' } });
  };

  override render({ host, texts: t }: { host: UiHost; texts: WidgetTexts }, { state, confirming, status, error }: Local) {
    const setConfirming = (on: boolean) => this.setState({ confirming: on });
    const setStatus = (text: string) => this.setState({ status: text, error: false });

    const request = this.request.bind(this);
    // The history stays on screen: the visitor learns the request failed and can try again.
    const failed = (reason: unknown) => {
      console.error(reason);
      this.setState({ status: '', error: true });
    };

    const download = (format: 'json' | 'csv') =>
      request('GET', format == 'csv' ? '&format=csv' : '')
        .then((r) => r.blob())
        .then((blob) => {
          const file = `consent-history.${format}`;
          const link = document.createElement('a');
          link.href = URL.createObjectURL(blob);
          link.download = file;
          link.click();
          setTimeout(() => URL.revokeObjectURL(link.href), 1e4);
          setStatus(t.downloaded.replace('{file}', file));
        }, failed);

    // Receipts of this visitor still on their way go first, so the erasure takes them too instead of a late one
    // landing after it and bringing the subject back.
    const erase = () =>
      receipts(host.api, host.storage)
        .flush()
        .then(() => request('DELETE'))
        .then(() => {
          forgetSubject(host.storage, host.siteId);
          // The erasure's own status replaces anything said before (e.g. a download).
          this.setState({ confirming: false, status: t.deleted, error: false, state: { kind: 'deleted' } });
        }, failed);

    return (
      <div tabIndex={-1}>
        {state.kind == 'failed' && <p role="alert">{t.historyLoadFailed}</p>}
        {state.kind == 'list' && (
          <>
            {state.receipts.length ? (
              <ul>
                {state.receipts.map((r) => (
                  <li key={r.receiptId}>
                    <time dateTime={r.serverTime}>{new Date(r.serverTime).toLocaleString(host.locale)}</time>
                    {' — '}
                    {t.historyEntry
                      .replace('{method}', t.methods[r.method] || r.method)
                      .replace('{categories}', allowedNames(r, host, t))}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t.historyEmpty}</p>
            )}
            {/* What the site's staff look a visitor up by (dashboard: Subject requests). */}
            <p class="muted">{t.consentId.replace('{id}', existingSubject(host.storage, host.siteId)!.id)}</p>
            <div class="actions">
              <button type="button" class="secondary" onClick={() => download('json')}>{t.downloadJson}</button>
              <button type="button" class="secondary" onClick={() => download('csv')}>{t.downloadCsv}</button>
              <button type="button" class="secondary" onClick={() => setConfirming(true)} aria-expanded={confirming} data-refocus>{t.deleteRecords}</button>
            </div>
            {confirming && (
              <div class="confirm" role="group" aria-labelledby="cg-confirm">
                <p id="cg-confirm">{t.deleteConfirm}</p>
                <div class="actions">
                  <button type="button" class="primary" onClick={erase}>{t.deleteYes}</button>
                  <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t.cancel}</button>
                </div>
              </div>
            )}
          </>
        )}
        {error && <p role="alert">{t.requestFailed}</p>}
        <p role="status">{status}</p>
      </div>
    );
  }
}
