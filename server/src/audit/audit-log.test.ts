import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { AuditAction, AuditPage } from '@consentgate/shared';
import { createApp } from '../app.js';
import { auditLog } from '../db/schema.js';
import { testDbKind } from '../db/test-database.js';
import { asUser, openAdminFixture, PASSWORD, signIn, type AdminFixture } from '../testing/admin-fixture.js';
import { parse } from 'csv-parse/sync';
import { allAudit, writeAudit } from './audit-log.js';
import { refusal } from '../testing/refusal.js';

/** An action no route writes, so a test finds just the entries it wrote itself. */
const ownAction = (name: string) => name as AuditAction;

let f: AdminFixture;
beforeAll(async () => {
  f = await openAdminFixture();
});
afterAll(async () => {
  await f?.close();
});

describe(`audit log (${testDbKind()})`, () => {
  it('records where a sign-in came from as a minimised network', async () => {
    const app = createApp({ database: f.database, config: { ...f.config, trustProxy: true } });
    const res = await app.request('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7, 203.0.113.42' },
      body: JSON.stringify({ email: f.users.shopAdmin, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const [entry] = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login'));
    expect(entry).toMatchObject({ actorType: 'user', ip: '203.0.113.0/24', target: f.users.shopAdmin });
    expect(JSON.stringify(entry)).not.toContain('203.0.113.42');
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    await writeAudit(f.database.db, { actor: { type: 'system', id: 'system' }, action: ownAction('test.entry'), details: { n: 1 } });
    expect(await refusal(f.database.db.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.action, 'test.entry')))).toBe(
      'audit_log is append-only',
    );
    expect(await refusal(f.database.db.delete(auditLog).where(eq(auditLog.action, 'test.entry')))).toBe('audit_log is append-only');
    expect(await refusal(f.database.db.execute(sql`delete from audit_log`))).toBe('audit_log is append-only');
    expect(await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'test.entry'))).toHaveLength(1);
  });

  it('shows owners the trail newest first, filtered by site, page by page', async () => {
    for (let i = 0; i < 5; i++) await writeAudit(f.database.db, { actor: { type: 'system', id: 'system' }, action: ownAction('test.page'), siteId: 'b2b' });
    const owner = await signIn(f.app, f.users.owner);
    const first = (await (await asUser(f.app, owner, '/v1/admin/audit?siteId=b2b&limit=3')).json()) as AuditPage;
    expect(first.entries).toHaveLength(3);
    expect(first.entries.every((e) => e.siteId === 'b2b')).toBe(true);
    const second = (await (await asUser(f.app, owner, `/v1/admin/audit?siteId=b2b&limit=3&cursor=${first.nextCursor}`)).json()) as AuditPage;
    expect(second.entries).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const logins = (await (await asUser(f.app, owner, '/v1/admin/audit?action=auth.login')).json()) as AuditPage;
    expect(logins.entries.length).toBeGreaterThanOrEqual(2);
    expect(logins.entries.every((e) => e.action === 'auth.login')).toBe(true);
    // An empty range is pointed out, not answered with "no entries".
    const empty = await asUser(f.app, owner, '/v1/admin/audit?from=2026-03-02&to=2026-03-01');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe('"from" must be before "to"');
    for (const bad of ['from=0000-01-01', 'to=0000-01-01&format=csv', 'action=%00', 'action=' + 'x'.repeat(65), 'limit=1e2', 'limit=010']) {
      expect((await asUser(f.app, owner, `/v1/admin/audit?${bad}`)).status, bad).toBe(400);
    }
    const nul = (await (await asUser(f.app, owner, '/v1/admin/audit?action=%00')).json()) as { error: { message: string } };
    expect(nul.error.message).toMatch(/expected an action name such as receipts\.export/);
  });

  it('exports every matching entry as CSV, with who acted by email, and records the export', async () => {
    const owner = await signIn(f.app, f.users.owner);
    await writeAudit(f.database.db, { actor: { type: 'system', id: 'system' }, action: ownAction('test.csv'), siteId: 'shop', details: { note: 'a, "quoted" value' } });
    await writeAudit(f.database.db, { actor: { type: 'system', id: 'system' }, action: ownAction('test.csv'), siteId: 'b2b' });
    const res = await asUser(f.app, owner, '/v1/admin/audit?format=csv&limit=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-log.csv"');
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    // Everything, not one page: limit is for the JSON listing. The export's own entry is written once the file's first
    // page has been read (an export that fails before it starts is no export), so it is the one entry not in it.
    const total = await f.database.db.$count(auditLog);
    expect(rows.length).toBe(total - 1);
    expect(rows.some((r) => r.action === 'audit.export')).toBe(false);
    expect(rows.map((r) => Number(r.id))).toEqual(rows.map((r) => Number(r.id)).sort((a, b) => b - a));
    const login = rows.find((r) => r.action === 'auth.login' && r.actorType === 'user')!;
    expect(login.actorEmail).toMatch(/@/);
    const note = rows.find((r) => r.action === 'test.csv' && r.siteId === 'shop')!;
    expect(JSON.parse(note.details!)).toEqual({ note: 'a, "quoted" value' });
    expect(note.actorEmail).toBe('');
    // Filters apply as in the listing.
    const filtered = parse(await (await asUser(f.app, owner, '/v1/admin/audit?format=csv&action=test.csv&siteId=b2b')).text(), { columns: true }) as Array<Record<string, string>>;
    expect(filtered.map((r) => [r.action, r.siteId])).toEqual([['test.csv', 'b2b']]);
    const exports = (await (await asUser(f.app, owner, '/v1/admin/audit?action=audit.export')).json()) as AuditPage;
    expect(exports.entries[0]).toMatchObject({ siteId: 'b2b', details: { format: 'csv', filters: ['siteId', 'action'] } });
    expect(exports.entries).toHaveLength(2);
  });

  it('reads the whole trail page by page for an export, however many pages it takes', async () => {
    const query = { action: 'test.page' };
    const pages: number[][] = [];
    for await (const page of allAudit(f.database.db, query, 2)) pages.push(page.map((e) => e.id));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('is for owners only', async () => {
    for (const email of [f.users.shopAdmin, f.users.shopViewer]) {
      const who = await signIn(f.app, email);
      expect((await asUser(f.app, who, '/v1/admin/audit')).status).toBe(403);
    }
  });
});
