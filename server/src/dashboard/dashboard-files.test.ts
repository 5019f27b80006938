import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppFixture, type AppFixture } from '../testing/app-fixture.js';

let dir: string;
let f: AppFixture;
const INDEX = '<!doctype html><title>ConsentGate dashboard</title><script type="module" src="/admin/assets/index-Ab12Cd34.js"></script>';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-dashboard-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log("dashboard")');
  await mkdir(join(dir, 'widget'));
  await writeFile(join(dir, 'widget', 'consent.js'), 'console.log("widget")');
  f = await openAppFixture({ CG_DASHBOARD_DIR: dir, CG_WIDGET_DIR: join(dir, 'widget') });
});
afterAll(async () => {
  await f?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the dashboard at /admin', () => {
  it('serves the app for /admin and for any app route below it, revalidated on every load, under a strict CSP', async () => {
    for (const path of ['/admin', '/admin/', '/admin/sites/shop/stats']) {
      const res = await f.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('origin-agent-cluster')).toBe('?1');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toBe(INDEX);
    }
    const etag = (await f.app.request('/admin/')).headers.get('etag')!;
    expect((await f.app.request('/admin/', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('caches hashed assets for a year and answers 404 for missing files instead of the app', async () => {
    const asset = await f.app.request('/admin/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("dashboard")');
    expect((await f.app.request('/admin/assets/gone-Zz99Yy88.js')).status).toBe(404);
    expect((await f.app.request('/admin/..%2f..%2fetc/passwd.js')).status).toBe(404);
    // A file has one path: an encoded dot segment inside the folder is no other name for it.
    expect((await f.app.request('/admin/assets/..%2findex.html')).status).toBe(404);
    expect((await f.app.request('/admin/widget/..%2fassets%2findex-Ab12Cd34.js')).status).toBe(404);
  });

  it('leaves the admin API alone', async () => {
    const res = await f.app.request('/v1/admin/session');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('says how to build the dashboard when it is missing', async () => {
    const bare = await openAppFixture({ CG_DASHBOARD_DIR: join(dir, 'nothing-here') });
    try {
      const res = await bare.app.request('/admin/');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('pnpm build');
    } finally {
      await bare.close();
    }
  });

  it('answers a write to a served file (dashboard or widget) with 405 and Allow, and changes nothing', async () => {
    for (const [method, path] of [['POST', '/admin'], ['PUT', '/admin/assets/index-Ab12Cd34.js'], ['DELETE', '/consent.js'], ['POST', '/consent.js']]) {
      const res = await f.app.request(path!, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
    expect(await (await f.app.request('/consent.js')).text()).toBe('console.log("widget")');
    // Not a file: still "no such thing".
    expect((await f.app.request('/nothing-here.js', { method: 'POST' })).status).toBe(404);
  });
});
