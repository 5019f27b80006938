import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { createApp } from '../app.js';
import { loadServerConfig } from '../config.js';
import { auditLog, sessions } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { asUser, openAdminFixture, PASSWORD, signIn, type AdminFixture } from '../testing/admin-fixture.js';
import { hashSecret } from './secret-tokens.js';

let f: AdminFixture;
beforeAll(async () => {
  f = await openAdminFixture();
});
afterAll(async () => {
  await f?.close();
});

function login(email: string, password: string, app = f.app, headers: Record<string, string> = {}) {
  return app.request('/v1/admin/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

describe(`dashboard sign-in (${testDbKind()})`, () => {
  it('signs in with a hardened session cookie and answers who is signed in', async () => {
    const res = await login('Shop-Admin@Example.com', PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cg_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // plain http in this test
    const body = (await res.json()) as { user: { email: string; role: string; sites: string[] }; csrfToken: string };
    expect(body.user).toMatchObject({ email: 'shop-admin@example.com', role: 'site_admin', sites: ['shop'] });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');

    // Only the hash of the cookie value is stored.
    const value = /cg_session=([^;]+)/.exec(cookie)![1]!;
    expect(await f.database.db.select().from(sessions).where(eq(sessions.idHash, value))).toHaveLength(0);
    expect(await f.database.db.select().from(sessions).where(eq(sessions.idHash, hashSecret(value)))).toHaveLength(1);

    const me = await f.app.request('/v1/admin/session', { headers: { cookie: `cg_session=${value}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: body.user, csrfToken: body.csrfToken });
  });

  it('marks the cookie Secure when the server is reached over https', async () => {
    const app = createApp({ database: f.database, config: { ...f.config, publicUrl: 'https://consent.example' } });
    const res = await login(f.users.owner, PASSWORD, app);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('gives the same answer for an unknown email and a wrong password, and audits both without the password', async () => {
    const wrong = await login(f.users.owner, 'not the password at all');
    const unknown = await login('nobody@example.com', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const failures = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
    expect(failures.map((r) => r.target)).toEqual(expect.arrayContaining([f.users.owner, 'nobody@example.com']));
    expect(JSON.stringify(failures)).not.toContain('not the password at all');
    expect((await login('MyS3cretPassw0rd', PASSWORD)).status).toBe(401);
    expect(JSON.stringify(await f.database.db.select().from(auditLog))).not.toContain('MyS3cretPassw0rd');
    const ok = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login'));
    expect(ok.length).toBeGreaterThan(0);
    expect(ok[0]!.actorType).toBe('user');
  });

  it('refuses an unsafe request from a session without the right CSRF token', async () => {
    const me = await signIn(f.app, f.users.shopAdmin);
    const settings = (await (await asUser(f.app, me, '/v1/admin/sites/shop')).json()) as Record<string, unknown>;
    const body = { name: 'Shop renamed', allowedOrigins: settings.allowedOrigins, config: settings.config, retentionDays: 400 };
    const put = (csrf: string | undefined) =>
      f.app.request('/v1/admin/sites/shop', {
        method: 'PUT',
        headers: { cookie: me.cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        body: JSON.stringify(body),
      });
    for (const csrf of [undefined, 'x'.repeat(43)]) {
      const res = await put(csrf);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    }
    expect((await (await asUser(f.app, me, '/v1/admin/sites/shop')).json()) as object).toMatchObject({ name: 'Shop' });
    expect((await put(me.csrfToken)).status).toBe(200);
    expect((await (await asUser(f.app, me, '/v1/admin/sites/shop')).json()) as object).toMatchObject({ name: 'Shop renamed' });
  });

  it('signs out: the cookie is cleared and the old session no longer works', async () => {
    const me = await signIn(f.app, f.users.b2bAdmin);
    expect((await f.app.request('/v1/admin/session', { method: 'DELETE', headers: { cookie: me.cookie } })).status).toBe(403);
    const out = await asUser(f.app, me, '/v1/admin/session', { method: 'DELETE' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/cg_session=;.*Max-Age=0/);
    expect((await asUser(f.app, me, '/v1/admin/session')).status).toBe(401);
    expect((await f.database.db.select().from(auditLog).where(like(auditLog.action, 'auth.logout'))).length).toBe(1);
  });

  it('ends a session after its fixed lifetime', async () => {
    const me = await signIn(f.app, f.users.shopViewer);
    expect((await asUser(f.app, me, '/v1/admin/session')).status).toBe(200);
    const value = me.cookie.slice('cg_session='.length);
    await f.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.idHash, hashSecret(value)));
    expect((await asUser(f.app, me, '/v1/admin/session')).status).toBe(401);
  });

  it('takes sign-in data as JSON only (a cross-site form cannot post it)', async () => {
    const form = await f.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: f.users.owner, password: PASSWORD }).toString(),
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('set-cookie')).toBeNull();
  });

  it('refuses an oversized or unstorable sign-in with a 4xx before or instead of reading it', async () => {
    const huge = await f.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: f.users.owner, password: PASSWORD, pad: 'x'.repeat(100_000) }),
    });
    expect(huge.status).toBe(413);
    const nul = await f.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a\u0000@b.example', password: 'whateverpassword' }),
    });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it('refuses a sign-in with a field it does not know, and opens no session', async () => {
    const res = await f.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: f.users.owner, password: PASSWORD, remember: true }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/Unrecognized key.*"remember"/);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers 401 to admin routes without a session', async () => {
    for (const path of ['/v1/admin/session', '/v1/admin/sites', '/v1/admin/sites/shop/receipts']) {
      const res = await f.app.request(path);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const forged = await f.app.request('/v1/admin/sites', { headers: { cookie: 'cg_session=forged-value' } });
    expect(forged.status).toBe(401);
  });
});

describe(`dashboard sign-in with a body of another type (${testDbKind()})`, () => {
  it('answers 415 and says which type to send', async () => {
    const res = await f.app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: 'owner@example.com', password: PASSWORD }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'send the request body as application/json' } });
  });
});

describe(`sign-in throttle across instances (${testDbKind()})`, () => {
  // Its own database: the failures it counts are shared by every app on it, which is what is tested here.
  let t: AdminFixture;
  beforeAll(async () => {
    t = await openAdminFixture({ CG_LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses further attempts after too many failures, even with the right password, on every instance', async () => {
    const config = loadServerConfig({ CG_LOGIN_MAX_FAILURES: '3', CG_WIDGET_DIR: '/nonexistent-widget-dir' });
    const other = createApp({ database: t.database, config });
    // Failures spread over two instances of the server count together.
    expect((await login(t.users.shopViewer, 'wrong guess 0', t.app)).status).toBe(401);
    expect((await login(t.users.shopViewer, 'wrong guess 1', other)).status).toBe(401);
    expect((await login(t.users.shopViewer, 'wrong guess 2', t.app)).status).toBe(401);
    const blocked = await login(t.users.shopViewer, PASSWORD, other);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await blocked.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'rate_limited',
      message: 'too many failed sign-ins; try again in 15 minutes',
    });
    expect((await login(t.users.shopViewer, PASSWORD, t.app)).status).toBe(429);
    // The lockout is in the audit trail once, not once per refused attempt or per instance (a flood cannot fill it).
    const throttled = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login_throttled'));
    expect(throttled.map((e) => e.target)).toEqual([t.users.shopViewer]);
  });
});

describe(`sign-in throttle under parallel guesses (${testDbKind()})`, () => {
  let t: AdminFixture;
  beforeAll(async () => {
    t = await openAdminFixture({ CG_LOGIN_MAX_FAILURES: '5' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('checks no more passwords than the limit allows when the guesses arrive at once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(t.users.shopViewer, `wrong guess ${i}`, t.app)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const failed = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
    expect(failed).toHaveLength(5);
    expect((await login(t.users.shopViewer, PASSWORD, t.app)).status).toBe(429);
  });
});

describe(`sign-in throttle per IPv6 network (${testDbKind()})`, () => {
  let t: AdminFixture;
  beforeAll(async () => {
    t = await openAdminFixture({ CG_LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const from = (remoteAddress: string, email: string) =>
    t.app.request(
      '/v1/admin/session',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong guess' }) },
      { incoming: { socket: { remoteAddress }, headers: { 'content-type': 'application/json' } } },
    );

  it('counts every address of one /64 as one client, so rotating addresses gives no more guesses', async () => {
    // A different email each time: only the address count can stop this.
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push((await from(`2001:db8:1:2::${i.toString(16)}`, `sprayed-${i}@example.com`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await from('2001:db8:1:3::1', 'sprayed-6@example.com')).status).toBe(401);
    expect((await from('192.0.2.1', 'sprayed-7@example.com')).status).toBe(401);
  });
});
