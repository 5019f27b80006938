/**
 * Dashboard sign-in: `POST /v1/admin/session` (email + password → `cg_session` cookie and a CSRF token),
 * `GET /v1/admin/session` (who am I, for the dashboard to restore itself), `DELETE /v1/admin/session` (sign out).
 * Unknown email and wrong password get the same answer after the same work; every attempt is audited.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { AdminSession, LoginInput } from '@consentgate/shared';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { writeAudit } from '../audit/audit-log.js';
import { ApiError } from '../http/api-error.js';
import { clientIp, limitKey } from '../http/client-ip.js';
import { minimiseIp } from '../receipts/minimise-ip.js';
import { currentActor, type AdminActor } from './admin-auth.js';
import { auditRequest } from './audit-request.js';
import { LoginThrottle } from './login-throttle.js';
import { isHttps } from '../http/is-https.js';
import { errorResponses, ADMIN_SECURITY } from './openapi-errors.js';
import { verifyAgainstNothing, verifyPassword } from './passwords.js';
import { createSession, deleteSession, SESSION_COOKIE, SESSION_LIFETIME_MS } from './sessions.js';
import { signedIn } from './site-access.js';
import { findUserByEmail, siteIdsOf } from './users.js';

const json = (schema: typeof AdminSession, description: string) => ({ description, content: { 'application/json': { schema } } });

const login = createRoute({
  method: 'post',
  path: '/v1/admin/session',
  summary: 'Sign in to the dashboard',
  description: 'Sets the HttpOnly, SameSite=Strict `cg_session` cookie (12 h, fixed). Send `csrfToken` as `x-csrf-token` on unsafe requests.',
  request: { body: { required: true, content: { 'application/json': { schema: LoginInput } } } },
  responses: { 200: json(AdminSession, 'Signed in'), ...errorResponses(400, 401, 429, 'body') },
});
const whoAmI = createRoute({
  method: 'get',
  path: '/v1/admin/session',
  summary: 'The signed-in user (or the API token’s user)',
  middleware: [signedIn()],
  security: ADMIN_SECURITY,
  responses: { 200: json(AdminSession, 'The caller'), ...errorResponses(401) },
});
const logout = createRoute({
  method: 'delete',
  path: '/v1/admin/session',
  summary: 'Sign out',
  middleware: [signedIn()],
  security: ADMIN_SECURITY,
  responses: { 204: { description: 'Signed out' }, ...errorResponses(400, 401, 403) },
});

function sessionBody(actor: Pick<AdminActor, 'user'>, sites: string[], csrfToken: string | null, expiresAt: Date | null): AdminSession {
  const { id, email, role } = actor.user;
  return { user: { id, email, role, sites }, csrfToken, expiresAt: expiresAt?.toISOString() ?? null };
}

/** Something typed into the email field that is not an email may be a password: not kept. */
const emailTarget = (email: string) => (/^[^\s@]+@[^\s@]+$/.test(email.trim()) ? email.trim().toLowerCase() : null);

export function registerSessionRoutes(app: OpenAPIHono, deps: { db: Db; config: ServerConfig }): void {
  const { db, config } = deps;
  const throttle = new LoginThrottle(db, config.admin.loginMaxFailures, config.admin.loginWindowMs);

  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    const ip = clientIp(c, config.trustProxy) ?? 'unknown';
    const network = minimiseIp(ip);
    const addressKey = `ip:${limitKey(ip)}`;
    const emailKey = `email:${email.trim().toLowerCase()}`;
    const state = await throttle.attempt([addressKey, emailKey]);
    if (state.blocked) {
      if (state.firstRefusal) {
        await writeAudit(db, {
          actor: { type: 'user', id: 'unknown' },
          action: 'auth.login_throttled',
          target: emailTarget(email),
          ip: network,
          details: { retryAfterSeconds: state.retryAfterSeconds },
        });
      }
      const minutes = Math.ceil(state.retryAfterSeconds / 60);
      throw new ApiError(429, 'rate_limited', `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, undefined, {
        'Retry-After': String(state.retryAfterSeconds),
      });
    }
    const user = await findUserByEmail(db, email);
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNothing(password);
    if (!user || !ok || user.disabledAt) {
      await writeAudit(db, {
        actor: { type: 'user', id: user?.id ?? 'unknown' },
        action: 'auth.login_failed',
        target: emailTarget(email),
        ip: network,
        details: { reason: !user ? 'unknown_email' : user.disabledAt ? 'disabled' : 'wrong_password' },
      });
      throw new ApiError(401, 'unauthorized', 'email or password is wrong');
    }
    await throttle.succeeded(addressKey, emailKey);
    const session = await createSession(db, user.id);
    setCookie(c, SESSION_COOKIE, session.secret, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c, config),
      maxAge: SESSION_LIFETIME_MS / 1000,
    });
    await writeAudit(db, { actor: { type: 'user', id: user.id }, action: 'auth.login', target: user.email, ip: network });
    c.header('Cache-Control', 'no-store');
    return c.json(sessionBody({ user }, await siteIdsOf(db, user), session.csrfToken, session.expiresAt), 200);
  });

  app.openapi(whoAmI, (c) => {
    const actor = currentActor(c);
    c.header('Cache-Control', 'no-store');
    const sites = [...actor.siteIds].sort();
    return c.json(sessionBody(actor, sites, actor.session?.csrfToken ?? null, actor.session?.expiresAt ?? null), 200);
  });

  app.openapi(logout, async (c) => {
    const actor = currentActor(c);
    if (!actor.session) throw new ApiError(400, 'bad_request', 'API tokens do not sign out; revoke them with DELETE /v1/admin/tokens/{id}');
    await deleteSession(db, actor.session.secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c, config) });
    await auditRequest(c, 'auth.logout');
    return c.body(null, 204);
  });
}
