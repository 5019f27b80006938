import { describe, expect, it } from 'vitest';
import { createDemoApp } from './demo-app.js';
import { TrackerCollector } from './tracker-collector.js';

describe('demo sites app', () => {
  it('serves the shop with the one ConsentGate tag and its etracker script held back until analytics consent', async () => {
    const res = await createDemoApp().request('/shop/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script src="/consent.js" data-site="demo-shop" data-cookie-path="/demo/shop/" defer></script>');
    expect(html).toMatch(/<script type="text\/plain" data-consent="analytics" data-service="etracker"[^>]*src="\/demo\/vendor\/etracker\/e\.js"/);
    expect(html).toMatch(/<iframe[^>]*data-consent="marketing" data-service="whatsapp" data-src="/);
    expect(html).not.toMatch(/<iframe[^>]* src=/);
    expect(html).toContain('data-consentgate-open');
  });

  it('serves the B2B site with its retargeting pixel held back until marketing consent', async () => {
    const html = await (await createDemoApp().request('/b2b/')).text();
    expect(html).toContain('data-site="demo-b2b"');
    expect(html).toMatch(/<script type="text\/plain" data-consent="marketing" data-service="linkpulse" src=/);
    expect(html).toContain('data-block-cookies="true"');
  });

  it('records every tracker hit, from a beacon or an image pixel, for anyone to inspect', async () => {
    const collector = new TrackerCollector();
    const app = createDemoApp(collector);
    expect((await app.request('/collect?t=etracker&e=pageview&page=/demo/shop/&mode=cookies&coid=abc', { method: 'POST' })).status).toBe(204);
    expect((await app.request('/collect?t=linkpulse&uid=u1')).status).toBe(204);
    const body = (await (await app.request('/collect/hits')).json()) as { hits: Array<Record<string, unknown>> };
    expect(body.hits).toMatchObject([
      { tracker: 'etracker', event: 'pageview', page: '/demo/shop/', mode: 'cookies', visitorId: 'abc' },
      { tracker: 'linkpulse', visitorId: 'u1' },
    ]);
  });

  it('keeps at most its limit of hits, dropping the oldest', () => {
    const collector = new TrackerCollector(2);
    for (const t of ['a', 'b', 'c']) collector.record(new URLSearchParams({ t }));
    expect(collector.list().map((hit) => hit.tracker)).toEqual(['b', 'c']);
  });

  it('answers 404 for files that do not exist and never serves files outside the demo folder', async () => {
    const app = createDemoApp();
    expect((await app.request('/shop/missing.html')).status).toBe(404);
    expect((await app.request('/%2e%2e/package.json')).status).toBe(404);
    expect((await app.request('/..%2fpackage.json')).status).toBe(404);
  });
});
