/** Second layer: per category and per service switches, descriptions, cookie lists, the visitor's own history. */
import { cookieLabel } from '@consentgate/shared/cookie-label';
import { Component, Fragment, h } from 'preact';
import type { ServiceConfig } from '@consentgate/shared/schemas';
import type { UiHost } from './contract.js';
import type { WidgetTexts } from '@consentgate/shared/schemas';
import { HistorySection } from './history-section.js';
import { existingSubject } from '../receipts/subject.js';
export { default as css } from './preferences.css?inline';

export interface PreferencesProps {
  host: UiHost;
  texts: WidgetTexts;
  onDone(): void;
  onAll(method: 'accept-all' | 'reject-all'): void;
}

interface State {
  categories: Record<string, boolean>;
  services: Record<string, boolean>;
}

const isRequired = (host: UiHost, id: string) => id == 'necessary' || !!host.config.categories.find((c) => c.id == id)?.required;

export class Preferences extends Component<PreferencesProps, State> {
  constructor(props: PreferencesProps) {
    super(props);
    const { config } = props.host;
    const stored = props.host.hasCurrentChoice() ? props.host.choice() : null;
    // Nothing optional is pre-ticked: only a stored choice switches anything on.
    this.state = {
      categories: Object.fromEntries(config.categories.map((c) => [c.id, isRequired(props.host, c.id) || !!stored?.categories[c.id]])),
      services: Object.fromEntries(
        config.services.map((s) => [s.id, isRequired(props.host, s.category) || (stored?.services[s.id] ?? !!stored?.categories[s.category])]),
      ),
    };
  }

  override render({ host, texts: t, onDone, onAll }: PreferencesProps, { categories, services }: State) {
    const { config } = host;
    const stored = host.hasCurrentChoice() ? host.choice() : null;
    const required = (id: string) => isRequired(host, id);

    const setCategory = (id: string, on: boolean) => {
      const touched = config.services.filter((s) => s.category == id).map((s) => [s.id, on]);
      this.setState({ categories: { ...categories, [id]: on }, services: { ...services, ...Object.fromEntries(touched) } });
    };
    // A category is on while any of its services is: switching off the last one switches off the category.
    const setService = (service: ServiceConfig, on: boolean) => {
      const next = { ...services, [service.id]: on };
      const any = config.services.some((s) => s.category == service.category && next[s.id]);
      this.setState({ services: next, categories: { ...categories, [service.category]: any } });
    };
    const save = () => {
      // Recorded as a withdrawal when it takes back anything allowed before (decide() applies that rule).
      host.decide('custom', 'preferences', categories, services);
      onDone();
    };

    return (
      <>
        <h2>{t.preferencesTitle}</h2>
        <p id="cg-desc">
          {t.preferencesDescription}{' '}
          {config.policyUrl && <a href={config.policyUrl}>{t.privacyPolicy}</a>}
        </p>
        {host.gpcHonoured && <p class="gpc" role="status">{t.gpcHonoured}</p>}
        {config.categories.map((category) => {
          const text = t.categories[category.id] || { name: category.id, description: '' };
          const own = config.services.filter((s) => s.category == category.id);
          const locked = required(category.id);
          return (
            // A group named after its category: "Services (2)" and the service switches inside it are heard in context.
            <div class="cat" key={category.id} role="group" aria-labelledby={`cg-name-${category.id}`}>
              <label class="row">
                <input
                  type="checkbox"
                  checked={locked || !!categories[category.id]}
                  disabled={locked}
                  aria-describedby={`cg-cat-${category.id}`}
                  onChange={(e) => setCategory(category.id, e.currentTarget.checked)}
                />
                <span id={`cg-name-${category.id}`}>{text.name}</span>
                {locked && <span class="badge">({t.alwaysOn})</span>}
              </label>
              <p class="muted" id={`cg-cat-${category.id}`}>{text.description}</p>
              {own.length > 0 && (
                <details>
                  <summary>{t.services} ({own.length})</summary>
                  {own.map((service) => (
                    <div class="svc" key={service.id}>
                      <label class="row">
                        <input
                          type="checkbox"
                          checked={locked || !!services[service.id]}
                          disabled={locked}
                          onChange={(e) => setService(service, e.currentTarget.checked)}
                        />
                        {service.name}
                      </label>
                      {service.provider && <p class="muted">{service.provider}</p>}
                      {service.description && <p class="muted">{service.description}</p>}
                      {service.privacyPolicyUrl && (
                        <p class="muted"><a href={service.privacyPolicyUrl}>{t.privacyPolicy}: {service.name}</a></p>
                      )}
                      {service.cookies.length > 0 && (
                        <table>
                          <caption class="muted">{t.cookies}</caption>
                          <thead>
                            <tr><th scope="col">{t.cookieName}</th><th scope="col">{t.cookieDuration}</th><th scope="col">{t.cookieDescription}</th></tr>
                          </thead>
                          <tbody>
                            {service.cookies.map((cookie) => (
                              <tr key={cookie.name}><td>{cookieLabel(cookie)}</td><td>{cookie.duration || ''}</td><td>{cookie.description || ''}</td></tr>
                            ))}
                          </tbody>
                        </table>
                      )}
                    </div>
                  ))}
                </details>
              )}
            </div>
          );
        })}
        <div class="actions">
          <button type="button" class="primary" onClick={() => onAll('accept-all')}>{t.acceptAll}</button>
          <button type="button" class="primary" onClick={() => onAll('reject-all')}>{t.rejectAll}</button>
          <button type="button" class="secondary" onClick={save}>{t.savePreferences}</button>
          {stored && <button type="button" class="secondary" onClick={onDone}>{t.close}</button>}
        </div>
        {host.siteId && existingSubject(host.storage, host.siteId) && <HistorySection host={host} texts={t} />}
      </>
    );
  }
}
