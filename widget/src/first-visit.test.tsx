/** A first visit as a visitor experiences it, against the real ConsentGate server. */
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { useTestSite } from './test-support/site-server.js';
import { cookieNames, ran, visit } from './test-support/page-view.js';

const t = useTestSite();
const { stored, storedCount } = t;

const page = () => `
  <button id="before">page button</button>
  <script type="text/plain" data-consent="analytics" data-service="etracker" data-kept="yes" src="${t.server.url}/trackers/first.js?cookie=_et_coid%3D1%3B%20path%3D%2F"></script>
  <script type="text/plain" data-consent="analytics">(window.__ran = window.__ran || []).push('second-inline')</script>
  <script type="text/plain" data-consent="marketing" src="${t.server.url}/trackers/pixel.js"></script>
  <iframe data-consent="marketing" data-service="whatsapp" data-src="about:blank#chat" width="300" height="200" title="Chat"></iframe>
  <footer><a href="#" data-consentgate-open>Cookie settings</a></footer>`;

async function openBanner() {
  const view = visit({ api: t.server.url, siteId: t.site.id, body: page() });
  await waitFor(() => expect(view.dialogRoot()).not.toBeNull());
  const dialog = await within(view.dialogRoot() as unknown as HTMLElement).findByRole('dialog', { name: 'Cookie consent' });
  return { view, dialog: within(dialog), element: dialog };
}

describe('first visit', () => {
  it('shows the banner with Accept all and Reject all equally prominent, and nothing runs or is stored before a choice', async () => {
    const { dialog } = await openBanner();
    const accept = dialog.getByRole('button', { name: 'Accept all' });
    const reject = dialog.getByRole('button', { name: 'Reject all' });
    expect(dialog.getByRole('button', { name: 'Manage preferences' })).toBeTruthy();
    expect(accept.className).toBe(reject.className);
    expect(accept.parentElement).toBe(reject.parentElement);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran()).toEqual([]);
    expect(t.server.requests.filter((p) => p.startsWith('/trackers/'))).toEqual([]);
    expect(cookieNames()).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  // That the page behind stays unreachable (native modal <dialog>) is proven in real Chromium (tests/e2e/accessibility).
  it('opens as a native dialog with focus on the dialog itself (no choice preselected), and Escape is not consent', async () => {
    const { view, element } = await openBanner();
    const root = view.dialogRoot()!;
    expect(element.tagName).toBe('DIALOG');
    expect((element as HTMLDialogElement).open).toBe(true);
    await waitFor(() => expect(root.activeElement).toBe(element));
    const escape = fireEvent.keyDown(element, { key: 'Escape', cancelable: true });
    expect(escape).toBe(false); // default prevented: the browser does not close the dialog either
    expect((element as HTMLDialogElement).open).toBe(true);
    expect(within(root as unknown as HTMLElement).queryByRole('dialog')).not.toBeNull();
    // The browser's other close requests (Escape with focus elsewhere, a back gesture) are refused as well, and a
    // dialog the browser closes anyway opens again: the page stays behind it until the visitor decides.
    const cancel = new Event('cancel', { cancelable: true });
    element.dispatchEvent(cancel);
    expect(cancel.defaultPrevented).toBe(true);
    (element as HTMLDialogElement).close();
    await waitFor(() => expect((element as HTMLDialogElement).open).toBe(true));
    expect(view.api.getConsent()).toBeNull();
  });

  it('Accept all runs the marked scripts in document order with their attributes, loads the iframe and records a receipt', async () => {
    const { view, dialog } = await openBanner();
    expect(document.querySelector('[data-cg-placeholder]')?.textContent).toContain('This content from WhatsApp chat is blocked');
    fireEvent.click(dialog.getByRole('button', { name: 'Accept all' }));
    await waitFor(() => expect(ran()).toEqual(['first', 'second-inline', 'pixel']));
    const released = document.querySelector<HTMLScriptElement>('script[data-kept="yes"]')!;
    expect(released.type).toBe('');
    expect(released.dataset.service).toBe('etracker');
    expect(document.querySelector('iframe')!.getAttribute('src')).toBe('about:blank#chat');
    expect(document.querySelector('[data-cg-placeholder]')).toBeNull();
    expect(view.dialogRoot()!.querySelector('dialog')).toBeNull();

    const choice = view.api.getConsent()!;
    expect(choice).toMatchObject({ method: 'accept-all', policyVersion: 1, categories: { analytics: true, marketing: true } });
    await storedCount(1);
    const [receipt] = await stored();
    expect(receipt).toMatchObject({
      schemaVersion: 1,
      receiptId: choice.receiptId,
      siteId: t.site.id,
      subjectId: choice.subjectId,
      method: 'accept-all',
      collection: 'banner',
      configHash: t.site.configHash,
      pageUrl: 'http://www.shop.example/shop/',
      categories: { necessary: true, preferences: true, analytics: true, marketing: true },
      services: { etracker: true, 'google-analytics': true, whatsapp: true },
      consentMode: { analytics_storage: 'granted', ad_storage: 'granted' },
    });
    expect(receipt!.receiptId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The browser made the subject secret and keeps it; the server stored only a hash of it, never the secret.
    // Kept per site: sites on one host share localStorage.
    const subject = JSON.parse(localStorage.getItem(`cg_subject:${t.site.id}`)!) as { id: string; secret: string };
    expect(subject).toEqual({ id: choice.subjectId, secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(receipt)).not.toContain(subject.secret);
    await waitFor(() => expect(localStorage.getItem('cg_outbox')).toBe('[]'));
    // One config request for the whole first visit, shared by everything that needed the config, and one receipt.
    expect(t.server.calls.filter((c) => c.startsWith('GET /v1/sites/'))).toEqual([`GET /v1/sites/${t.site.id}/config?lang=en`]);
    expect(t.server.calls.filter((c) => c.startsWith('POST '))).toEqual(['POST /v1/receipts']);
  });

  it('Reject all keeps every optional script from running and setting its cookie; the iframe keeps its placeholder', async () => {
    const { view, dialog } = await openBanner();
    fireEvent.click(dialog.getByRole('button', { name: 'Reject all' }));
    await storedCount(1);
    // The necessary service is on with its category, also in a refusal.
    expect((await stored())[0]).toMatchObject({
      method: 'reject-all',
      categories: { necessary: true, analytics: false, marketing: false },
      services: { session: true, etracker: false, whatsapp: false },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(ran()).toEqual([]);
    expect(cookieNames()).toEqual(['cg_consent']);
    expect(view.api.hasConsent('analytics')).toBe(false);
    expect(view.api.hasConsent('necessary')).toBe(true);
    expect(document.querySelector('iframe')!.hidden).toBe(true);
  });

  it('holds back known trackers that other code inserts later (script API, setAttribute, markup) until their category is allowed', async () => {
    const { view, dialog } = await openBanner();
    // A tag manager or theme adds trackers after the widget loaded, in the three usual ways (async, as trackers' own
    // snippets do; the test DOM would fetch a synchronous one while blocking this process, which also serves it).
    const matomo = document.createElement('script');
    matomo.async = true;
    matomo.src = `${t.server.url}/matomo.js`;
    matomo.type = 'text/javascript';
    document.head.append(matomo);
    const etracker = document.createElement('script');
    etracker.async = true;
    etracker.setAttribute('src', `${t.server.url}/code/e.js`);
    document.head.append(etracker);
    document.body.insertAdjacentHTML('beforeend', `<script async src="${t.server.url}/piwik.js"></script>`);
    // Less usual ways: an XHTML-namespaced script, and src set as an attribute node.
    const namespaced = document.createElementNS('http://www.w3.org/1999/xhtml', 'script') as HTMLScriptElement;
    namespaced.async = true;
    namespaced.src = `${t.server.url}/matomo.js?via=createElementNS`;
    document.head.append(namespaced);
    const byNode = document.createElement('script');
    byNode.async = true;
    const attr = document.createAttribute('src');
    attr.value = `${t.server.url}/piwik.js?via=setAttributeNode`;
    byNode.setAttributeNode(attr);
    document.head.append(byNode);
    await new Promise((r) => setTimeout(r, 300));
    expect(ran()).toEqual([]);
    expect(t.server.requests.filter((p) => /matomo|piwik|code\/e/.test(p))).toEqual([]);
    expect([matomo.type, etracker.type, namespaced.type, byNode.type]).toEqual(['text/plain', 'text/plain', 'text/plain', 'text/plain']);
    expect(matomo.dataset).toMatchObject({ consent: 'analytics', service: 'matomo' });

    fireEvent.click(dialog.getByRole('button', { name: 'Reject all' }));
    await storedCount(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran()).toEqual([]);

    await view.api.save({ categories: { analytics: true } });
    // Every analytics script runs (the page's own marked ones too); the marketing pixel does not.
    await waitFor(() => expect(ran().sort()).toEqual(['etracker', 'first', 'matomo', 'matomo', 'piwik', 'piwik', 'second-inline']));
  });

  it('auto-blocking: a tracker URL in capitals, a held script whose type is removed, and scripts of parsed markup stay held', async () => {
    const { view, dialog } = await openBanner();
    const upper = document.createElement('script');
    upper.async = true;
    upper.src = `${t.server.url}/trackers/x.js`.replace('/trackers/x.js', '/MATOMO.JS?via=capitals');
    const removed = document.createElement('script');
    removed.async = true;
    removed.src = `${t.server.url}/piwik.js?via=removeAttribute`;
    removed.removeAttribute('type');
    const toggled = document.createElement('script');
    toggled.async = true;
    toggled.setAttribute('src', `${t.server.url}/matomo.js?via=toggleAttribute`);
    toggled.toggleAttribute('type');
    document.head.append(upper, removed, toggled);
    // Markup parsed this way runs its scripts once inserted (unlike innerHTML's).
    document.body.append(document.createRange().createContextualFragment(`<script async src="${t.server.url}/piwik.js?via=fragment"></script>`));
    await new Promise((r) => setTimeout(r, 300));
    expect(ran()).toEqual([]);
    expect(t.server.requests.filter((p) => /matomo|piwik/i.test(p))).toEqual([]);
    expect([upper, removed, toggled].map((s) => [s.type, s.dataset.service])).toEqual([
      ['text/plain', 'matomo'],
      ['text/plain', 'matomo'],
      ['text/plain', 'matomo'],
    ]);

    fireEvent.click(dialog.getByRole('button', { name: 'Reject all' }));
    await storedCount(1);
    await view.api.save({ categories: { analytics: true } });
    await waitFor(() => expect(ran().filter((name) => name != 'first' && name != 'second-inline').sort()).toEqual(['matomo', 'piwik', 'piwik']));
  });

  it('auto-blocking: copies of scripts (cloneNode, importNode, a template) and a src set through Element.prototype stay held, and run once when allowed', async () => {
    const { view, dialog } = await openBanner();
    const plain = document.createElement('script');
    plain.async = true;
    const cloned = plain.cloneNode(true) as HTMLScriptElement;
    cloned.src = `${t.server.url}/matomo.js?via=clone`;
    const viaPrototype = document.createElement('script');
    viaPrototype.async = true;
    Element.prototype.setAttribute.call(viaPrototype, 'src', `${t.server.url}/piwik.js?via=prototype`);
    // Copies of markup that already names a tracker: the copy would run once inserted.
    const template = document.createElement('template');
    template.innerHTML = `<script async src="${t.server.url}/matomo.js?via=template"></script>`;
    const fromTemplate = template.content.cloneNode(true) as DocumentFragment;
    const imported = document.importNode(template.content, true);
    document.head.append(cloned, viaPrototype, fromTemplate, imported);
    await new Promise((r) => setTimeout(r, 300));
    expect(ran()).toEqual([]);
    expect(t.server.requests.filter((p) => /matomo|piwik/i.test(p))).toEqual([]);
    expect([cloned.type, viaPrototype.type]).toEqual(['text/plain', 'text/plain']);

    fireEvent.click(dialog.getByRole('button', { name: 'Reject all' }));
    await storedCount(1);
    await view.api.save({ categories: { analytics: true } });
    // Each runs exactly once: nothing that ran before consent is released a second time.
    await waitFor(() => expect(ran().filter((name) => name != 'first' && name != 'second-inline').sort()).toEqual(['matomo', 'matomo', 'matomo', 'piwik']));
    await new Promise((r) => setTimeout(r, 200));
    expect(t.server.requests.filter((p) => /matomo|piwik/i.test(p))).toHaveLength(4);
  });

  it('the iframe placeholder "Allow" button allows that service alone and loads it', async () => {
    const { view } = await openBanner();
    // The placeholder is named after the service, so its "Allow" says what it allows.
    const placeholder = await within(document.body).findByRole('group', { name: 'WhatsApp chat' });
    const allow = within(placeholder).getByRole('button', { name: 'Allow' });
    allow.focus();
    fireEvent.click(allow);
    await waitFor(() => expect(document.querySelector('iframe')!.getAttribute('src')).toBe('about:blank#chat'));
    // The button went with its placeholder: focus is on the embed it revealed, not dropped to <body>.
    expect(document.activeElement).toBe(document.querySelector('iframe'));
    await storedCount(1);
    // The receipt says where the choice was made: on the embed's placeholder, not in the preference centre.
    expect((await stored())[0]).toMatchObject({ method: 'custom', collection: 'placeholder', categories: { marketing: false, analytics: false }, services: { whatsapp: true } });
    expect(view.api.hasConsent('marketing', 'whatsapp')).toBe(true);
    // The rest of marketing stays refused: its unnamed pixel does not run.
    expect(view.api.hasConsent('marketing')).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran()).toEqual([]);
  });

  it('after Reject all, the placeholder "Allow" allows that service alone: the category and its unnamed scripts stay refused', async () => {
    const { view, dialog } = await openBanner();
    fireEvent.click(dialog.getByRole('button', { name: 'Reject all' }));
    await storedCount(1);
    const placeholder = await within(document.body).findByRole('group', { name: 'WhatsApp chat' });
    fireEvent.click(within(placeholder).getByRole('button', { name: 'Allow' }));
    await waitFor(() => expect(document.querySelector('iframe')!.getAttribute('src')).toBe('about:blank#chat'));
    await storedCount(2);
    expect((await stored())[1]).toMatchObject({
      method: 'custom',
      collection: 'placeholder',
      categories: { necessary: true, analytics: false, marketing: false },
      services: { session: true, etracker: false, whatsapp: true },
    });
    expect(view.api.getConsent()).toMatchObject({ categories: { marketing: false }, services: { whatsapp: true } });
    expect(view.api.hasConsent('marketing')).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran()).toEqual([]);
    // The preference centre shows the same: WhatsApp on, Marketing off.
    view.api.show();
    const prefs = within(await within(view.dialogRoot() as unknown as HTMLElement).findByRole('dialog'));
    expect(await prefs.findByRole('checkbox', { name: 'WhatsApp chat' })).toHaveProperty('checked', true);
    expect(prefs.getByRole('checkbox', { name: /^Marketing/ })).toHaveProperty('checked', false);
  });

  it('preferences list categories with descriptions, services and cookies, with nothing optional pre-ticked; saving records a custom choice', async () => {
    const { view, dialog } = await openBanner();
    fireEvent.click(dialog.getByRole('button', { name: 'Manage preferences' }));
    const necessary = await dialog.findByRole('checkbox', { name: /Necessary/ });
    expect(necessary).toHaveProperty('checked', true);
    expect(necessary).toHaveProperty('disabled', true);
    for (const name of [/^Preferences/, /^Analytics/, /^Marketing/]) expect(dialog.getByRole('checkbox', { name })).toHaveProperty('checked', false);
    expect(dialog.getByText(/understand how the site is used/)).toBeTruthy();
    expect(dialog.getByRole('checkbox', { name: 'etracker Analytics' })).toHaveProperty('checked', false);
    // Each category is a group named after it, so its "Services (n)" and service switches are heard in context.
    const analytics = within(dialog.getByRole('group', { name: 'Analytics' }));
    expect(analytics.getByText('Services (2)')).toBeTruthy();
    expect(analytics.getByRole('checkbox', { name: 'etracker Analytics' })).toBeTruthy();
    expect(dialog.getByRole('cell', { name: '_et_coid' })).toBeTruthy();
    expect(dialog.getAllByRole('cell', { name: '2 years' }).length).toBeGreaterThan(0);

    fireEvent.click(dialog.getByRole('checkbox', { name: /^Analytics/ }));
    fireEvent.click(dialog.getByRole('checkbox', { name: 'etracker Analytics' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save preferences' }));
    await storedCount(1);
    expect((await stored())[0]).toMatchObject({
      method: 'custom',
      collection: 'preferences',
      categories: { analytics: true, marketing: false, preferences: false },
      services: { session: true, etracker: false, 'google-analytics': true, whatsapp: false },
    });
    // The analytics inline script runs; the etracker script (service refused) and marketing do not.
    await waitFor(() => expect(ran()).toEqual(['second-inline']));
    expect(view.api.hasConsent('analytics', 'etracker')).toBe(false);
  });

  it('switching off every service of a category switches the category off, so nothing of it stays granted', async () => {
    const { view, dialog } = await openBanner();
    fireEvent.click(dialog.getByRole('button', { name: 'Manage preferences' }));
    const marketing = await dialog.findByRole('checkbox', { name: /^Marketing/ });
    fireEvent.click(marketing);
    expect(dialog.getByRole('checkbox', { name: 'WhatsApp chat' })).toHaveProperty('checked', true);
    fireEvent.click(dialog.getByRole('checkbox', { name: 'WhatsApp chat' }));
    expect(marketing).toHaveProperty('checked', false);
    fireEvent.click(dialog.getByRole('button', { name: 'Save preferences' }));
    await storedCount(1);
    expect((await stored())[0]).toMatchObject({
      categories: { marketing: false },
      services: { whatsapp: false },
      consentMode: { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
    });
    // The same through the API: the marketing pixel (no service named) stays blocked.
    await view.api.save({ categories: { marketing: true }, services: { whatsapp: false } });
    expect(view.api.hasConsent('marketing')).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(ran()).toEqual([]);
  });

  it('save() with a mistyped category or service, one in the wrong list, or without an argument, is refused with an error naming it and records nothing', async () => {
    const view = visit({ api: t.server.url, siteId: t.site.id, body: '' });
    await expect(view.api.save({ categories: { analytic: true } })).rejects.toThrow('ConsentGate: unknown analytic');
    await expect(view.api.save({ categories: { analytics: true }, services: { 'google-analytic': true } })).rejects.toThrow('ConsentGate: unknown google-analytic');
    await expect((view.api.save as (input?: unknown) => Promise<void>)()).rejects.toThrow(TypeError);
    // A service given as a category (or the other way round) would decide nothing: the site meant to allow it.
    await expect(view.api.save({ categories: { etracker: true } })).rejects.toThrow('ConsentGate: unknown etracker');
    await expect(view.api.save({ categories: {}, services: { analytics: true } })).rejects.toThrow('ConsentGate: unknown analytics');
    await new Promise((r) => setTimeout(r, 200));
    expect(await stored()).toEqual([]);
    expect(view.api.getConsent()).toBeNull();
  });

  it('refusing an embed that already loaded unloads it and brings its placeholder back', async () => {
    const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => {});
    const view = visit({
      api: t.server.url,
      siteId: t.site.id,
      body: `<iframe data-consent="marketing" data-service="whatsapp" data-src="about:blank#chat" title="Chat"></iframe>`,
    });
    await view.api.acceptAll();
    const frame = document.querySelector('iframe')!;
    await waitFor(() => expect(frame.getAttribute('src')).toBe('about:blank#chat'));
    await view.api.save({ categories: { analytics: true } });
    // Without its src the frame navigates to about:blank: the chat no longer runs, hidden or not.
    expect(frame.hasAttribute('src')).toBe(false);
    expect(await within(document.body).findByRole('group', { name: 'WhatsApp chat' })).toBeTruthy();
    expect(frame.hidden).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    reload.mockRestore();
  });

  it("a placeholder for an embed the site declares no service for is named after the frame's title, else its service", async () => {
    visit({
      api: t.server.url,
      siteId: t.site.id,
      body: `<iframe data-consent="marketing" data-service="maps" data-src="about:blank#map" title="Shop map"></iframe>
<iframe data-consent="marketing" data-service="video" data-src="about:blank#video"></iframe>`,
    });
    const map = await within(document.body).findByRole('group', { name: 'Shop map' });
    expect(map.textContent).toContain('This content from Shop map is blocked');
    expect(await within(document.body).findByRole('group', { name: 'video' })).toBeTruthy();
  });

  it("the banner's code downloads while the config request is still on its way, not after it", async () => {
    t.server.configDelayMs = 500;
    const asked: number[] = [];
    const started = Date.now();
    const view = visit({
      api: t.server.url,
      siteId: t.site.id,
      body: page(),
      loadUi: () => {
        asked.push(Date.now() - started);
        return import('./ui/mount.js');
      },
    });
    await waitFor(() => expect(view.dialogRoot()).not.toBeNull());
    // The config took 500 ms to come; the banner's chunk was asked for long before.
    expect(asked[0]).toBeLessThan(250);
  });

  it('"Cookie settings" clicked while a first visit still waits for the config opens the preference centre, not the banner', async () => {
    t.server.configDelayMs = 300;
    const view = visit({ api: t.server.url, siteId: t.site.id, body: page() });
    fireEvent.click(document.querySelector('[data-consentgate-open]')!);
    await waitFor(() => expect(view.dialogRoot()).not.toBeNull());
    const dialog = within(await within(view.dialogRoot() as unknown as HTMLElement).findByRole('dialog', { name: 'Cookie consent' }));
    expect(await dialog.findByRole('button', { name: 'Save preferences' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, 150));
    expect(dialog.getByRole('button', { name: 'Save preferences' })).toBeTruthy();
    expect(dialog.queryByRole('button', { name: 'Manage preferences' })).toBeNull();
  });

  it('a dialog that could not open (config unreachable) opens on the next try', async () => {
    t.server.configStatus = 503;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const view = visit({ api: t.server.url, siteId: t.site.id, body: page() });
    await waitFor(() => expect(errors).toHaveBeenCalled());
    // "Cookie settings" while still offline fails too...
    errors.mockClear();
    fireEvent.click(document.querySelector('[data-consentgate-open]')!);
    await waitFor(() => expect(errors).toHaveBeenCalledWith('ConsentGate: could not show', expect.anything()));
    expect(view.dialogRoot()).toBeNull();
    errors.mockRestore();
    // ...and works once the server is back.
    t.server.configStatus = null;
    fireEvent.click(document.querySelector('[data-consentgate-open]')!);
    await waitFor(() => expect(view.dialogRoot()).not.toBeNull());
    expect(await within(view.dialogRoot() as unknown as HTMLElement).findByRole('dialog', { name: 'Cookie consent' })).toBeTruthy();
  });

  it('reopens from any [data-consentgate-open] element and from ConsentGate.show(), restoring focus afterwards', async () => {
    const { view, dialog } = await openBanner();
    fireEvent.click(dialog.getByRole('button', { name: 'Reject all' }));
    await waitFor(() => expect(view.dialogRoot()!.querySelector('dialog')).toBeNull());

    const link = document.querySelector<HTMLElement>('[data-consentgate-open]')!;
    link.focus();
    fireEvent.click(link);
    const reopened = within(await within(view.dialogRoot() as unknown as HTMLElement).findByRole('dialog', { name: 'Cookie consent' }));
    expect(reopened.getByRole('checkbox', { name: /^Analytics/ })).toHaveProperty('checked', false);
    fireEvent.click(reopened.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(view.dialogRoot()!.querySelector('dialog')).toBeNull());
    expect(document.activeElement).toBe(link);

    view.api.show();
    expect(await within(view.dialogRoot() as unknown as HTMLElement).findByRole('button', { name: 'Save preferences' })).toBeTruthy();
  });
});
