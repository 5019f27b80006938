import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { ApiTokenInfo, CreatedApiToken } from '@consentgate/shared';
import { apiTokens, auditLog } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { asUser, openAdminFixture, signIn, type AdminFixture, type SignedIn } from '../testing/admin-fixture.js';

let f: AdminFixture;
let admin: SignedIn;
beforeAll(async () => {
  f = await openAdminFixture();
  admin = await signIn(f.app, f.users.shopAdmin);
});
afterAll(async () => {
  await f?.close();
});

function withToken(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return f.app.request(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function createToken(name: string, who = admin): Promise<CreatedApiToken> {
  const res = await asUser(f.app, who, '/v1/admin/tokens', { method: 'POST', body: { name } });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedApiToken;
}

describe(`API tokens (${testDbKind()})`, () => {
  it('creates a token shown once and stored only as a hash', async () => {
    const { token, info } = await createToken('nightly export');
    expect(token).toMatch(/^cgt_[A-Za-z0-9_-]{43}$/);
    const [row] = await f.database.db.select().from(apiTokens).where(eq(apiTokens.id, info.id));
    expect(row!.tokenHash).not.toContain(token.slice(4));
    const list = (await (await asUser(f.app, admin, '/v1/admin/tokens')).json()) as { tokens: ApiTokenInfo[] };
    expect(list.tokens.map((t) => t.name)).toEqual(['nightly export']);
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('refuses a field it does not know, and makes no token', async () => {
    const res = await asUser(f.app, admin, '/v1/admin/tokens', { method: 'POST', body: { name: 'ci', expiresAt: '2030-01-01' } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/Unrecognized key.*"expiresAt"/);
    const list = (await (await asUser(f.app, admin, '/v1/admin/tokens')).json()) as { tokens: ApiTokenInfo[] };
    expect(list.tokens.map((t) => t.name)).not.toContain('ci');
  });

  it('acts with its user’s rights, needs no CSRF token, and cannot mint tokens', async () => {
    const { token } = await createToken('automation');
    const me = await withToken(token, '/v1/admin/session');
    expect(await me.json()).toMatchObject({ user: { email: f.users.shopAdmin, sites: ['shop'] }, csrfToken: null });
    expect((await withToken(token, '/v1/admin/sites/shop/receipts')).status).toBe(200);
    expect((await withToken(token, '/v1/admin/sites/b2b/receipts')).status).toBe(403);
    const site = (await (await withToken(token, '/v1/admin/sites/shop')).json()) as Record<string, unknown>;
    const put = await withToken(token, '/v1/admin/sites/shop', {
      method: 'PUT',
      body: { name: 'Shop via API', allowedOrigins: site.allowedOrigins, config: site.config, retentionDays: site.retentionDays },
    });
    expect(put.status).toBe(200);
    const mint = await withToken(token, '/v1/admin/tokens', { method: 'POST', body: { name: 'child' } });
    expect(mint.status).toBe(403);
    const audit = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'site.update'));
    expect(audit.at(-1)).toMatchObject({ actorType: 'token' });
  });

  it('takes the Bearer scheme name in any case', async () => {
    const { token } = await createToken('lower-case scheme');
    for (const scheme of ['bearer', 'BEARER']) {
      const res = await f.app.request('/v1/admin/sites', { headers: { authorization: `${scheme} ${token}` } });
      expect(res.status, scheme).toBe(200);
    }
  });

  it('cannot give anyone a way to sign in, even as an owner: no new user, password or re-enabled user', async () => {
    const owner = await signIn(f.app, f.users.owner);
    const { token } = await createToken('owner automation', owner);
    const users = (await (await withToken(token, '/v1/admin/users')).json()) as { users: Array<{ id: string; email: string }> };
    const viewer = users.users.find((u) => u.email === f.users.shopViewer)!;
    const refused = [
      await withToken(token, '/v1/admin/users', { method: 'POST', body: { email: 'backdoor@example.com', password: 'a long enough password', role: 'owner' } }),
      await withToken(token, `/v1/admin/users/${viewer.id}`, { method: 'PATCH', body: { password: 'a long enough password' } }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^API tokens cannot .*; sign in to the dashboard$/);
    }
    // Taking rights away is fine by token; giving an account back is not.
    expect((await withToken(token, `/v1/admin/users/${viewer.id}`, { method: 'PATCH', body: { disabled: true } })).status).toBe(200);
    expect((await withToken(token, `/v1/admin/users/${viewer.id}`, { method: 'PATCH', body: { disabled: false } })).status).toBe(403);
    const after = (await (await withToken(token, '/v1/admin/users')).json()) as { users: Array<{ email: string; disabledAt: string | null }> };
    expect(after.users.map((u) => u.email)).not.toContain('backdoor@example.com');
    expect(after.users.find((u) => u.email === f.users.shopViewer)!.disabledAt).not.toBeNull();
    expect((await asUser(f.app, owner, `/v1/admin/users/${viewer.id}`, { method: 'PATCH', body: { disabled: false } })).status).toBe(200);
  });

  it('cannot promote a user or give them sites: rights given by a token would outlive its revocation', async () => {
    const owner = await signIn(f.app, f.users.owner);
    const { token } = await createToken('owner automation 2', owner);
    const users = (await (await withToken(token, '/v1/admin/users')).json()) as { users: Array<{ id: string; email: string }> };
    const viewer = users.users.find((u) => u.email === f.users.shopViewer)!;
    const patch = (body: unknown) => withToken(token, `/v1/admin/users/${viewer.id}`, { method: 'PATCH', body });
    for (const body of [{ role: 'owner' }, { role: 'site_admin' }, { sites: ['shop', 'b2b'] }, { role: 'viewer', sites: ['b2b'] }]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^API tokens cannot .*; sign in to the dashboard$/);
    }
    const after = (await (await withToken(token, '/v1/admin/users')).json()) as { users: Array<{ email: string; role: string; sites: string[] }> };
    expect(after.users.find((u) => u.email === f.users.shopViewer)).toMatchObject({ role: 'viewer', sites: ['shop'] });
    // Taking away stays possible; a signed-in owner may still give.
    expect((await patch({ sites: [] })).status).toBe(200);
    expect((await asUser(f.app, owner, `/v1/admin/users/${viewer.id}`, { method: 'PATCH', body: { sites: ['shop'] } })).status).toBe(200);
  });

  it('stops working once revoked; other users cannot revoke it', async () => {
    const { token, info } = await createToken('to revoke');
    const stranger = await signIn(f.app, f.users.b2bAdmin);
    expect((await asUser(f.app, stranger, `/v1/admin/tokens/${info.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await withToken(token, '/v1/admin/sites')).status).toBe(200);
    const revoked = await asUser(f.app, admin, `/v1/admin/tokens/${info.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as ApiTokenInfo).revokedAt).not.toBeNull();
    const after = await withToken(token, '/v1/admin/sites');
    expect(after.status).toBe(401);
    expect((await withToken('cgt_madeup', '/v1/admin/sites')).status).toBe(401);
    expect((await withToken('not a token at all', '/v1/admin/sites')).status).toBe(401);
  });

  it('dies with a password reset or a disable, and stays dead when the user is enabled again', async () => {
    const owner = await signIn(f.app, f.users.owner);
    const reset = await createToken('made before the reset');
    expect((await withToken(reset.token, '/v1/admin/sites')).status).toBe(200);
    const patch = (body: unknown) => asUser(f.app, owner, `/v1/admin/users/${admin.userId}`, { method: 'PATCH', body });
    expect((await patch({ password: 'another long password' })).status).toBe(200);
    expect((await withToken(reset.token, '/v1/admin/sites')).status).toBe(401);

    admin = await signIn(f.app, f.users.shopAdmin, 'another long password');
    const disable = await createToken('made before the disable');
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await patch({ disabled: false })).status).toBe(200);
    expect((await withToken(disable.token, '/v1/admin/sites')).status).toBe(401);
    const [row] = await f.database.db.select().from(apiTokens).where(eq(apiTokens.id, disable.info.id));
    expect(row!.revokedAt).not.toBeNull();
    admin = await signIn(f.app, f.users.shopAdmin, 'another long password');
  });

  it('shows owners every token', async () => {
    const owner = await signIn(f.app, f.users.owner);
    const list = (await (await asUser(f.app, owner, '/v1/admin/tokens')).json()) as { tokens: ApiTokenInfo[] };
    expect(list.tokens.length).toBeGreaterThanOrEqual(3);
    expect(new Set(list.tokens.map((t) => t.userId)).has(admin.userId)).toBe(true);
  });
  it('refuses a body that is not UTF-8 (400), declares another charset or comes compressed (415), and stores nothing', async () => {
    const before = (await f.database.db.select().from(apiTokens)).length;
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    const notUtf8 = await f.app.request('/v1/admin/tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: new Uint8Array([...Buffer.from('{"name":"'), 0xff, ...Buffer.from('"}')]),
    });
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.json()).toEqual({ error: { code: 'bad_request', message: 'request body is not valid UTF-8' } });
    const latin1 = await f.app.request('/v1/admin/tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify({ name: 'caf\u00e9' }),
    });
    expect(latin1.status).toBe(415);
    expect(await latin1.json()).toMatchObject({ error: { code: 'unsupported_media_type', message: 'send the body in UTF-8, not latin1' } });
    const gzipped = await f.app.request('/v1/admin/tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync(JSON.stringify({ name: 'zipped' }))),
    });
    expect(gzipped.status).toBe(415);
    expect(await gzipped.json()).toMatchObject({ error: { message: 'send the body uncompressed, not with Content-Encoding: gzip' } });
    expect(await f.database.db.select().from(apiTokens)).toHaveLength(before);
    // UTF-8 itself, declared or not, is taken as it is.
    const utf8 = await f.app.request('/v1/admin/tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ name: 'café ☕' }),
    });
    expect(utf8.status).toBe(201);
    expect(((await utf8.json()) as CreatedApiToken).info.name).toBe('café ☕');
  });

  it('refuses JSON that escapes half a character (a lone surrogate, which no text can hold) and stores nothing', async () => {
    const before = (await f.database.db.select().from(apiTokens)).length;
    const send = (raw: string) =>
      f.app.request('/v1/admin/tokens', {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
        body: raw,
      });
    for (const raw of ['{"name":"a\\ud800"}', '{"name":"\\udc00 low first"}', '{"\\ud83d":"x","name":"ok"}']) {
      const res = await send(raw);
      expect(res.status, raw).toBe(400);
      expect(await res.json(), raw).toEqual({ error: { code: 'bad_request', message: 'request body is not valid Unicode: it escapes a lone surrogate (\\uD800–\\uDFFF)' } });
    }
    expect(await f.database.db.select().from(apiTokens)).toHaveLength(before);
    // An escaped pair is one character, and an escaped backslash before "ud800" is just text.
    const pair = await send('{"name":"\\ud83c\\udf6a and \\\\ud800"}');
    expect(pair.status).toBe(201);
    expect(((await pair.json()) as CreatedApiToken).info.name).toBe('🍪 and \\ud800');
  });
});
