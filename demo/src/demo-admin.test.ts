import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countUsers, createUser, findUserByEmail, openDatabase, verifyPassword, type Database } from '@consentgate/server';
import { DEMO_ADMIN_EMAIL, ensureDemoOwner } from './demo-admin.js';

let database: Database;
let dataDir: string;
beforeEach(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  dataDir = mkdtempSync(join(tmpdir(), 'cg-demo-admin-'));
});
afterEach(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo dashboard login', () => {
  it('creates admin@demo.local with a random password kept in the data folder, the same on the next start', async () => {
    const first = await ensureDemoOwner(database, dataDir, {});
    expect(first?.email).toBe(DEMO_ADMIN_EMAIL);
    expect(first?.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const file = join(dataDir, 'demo-admin-password');
    expect(readFileSync(file, 'utf8').trim()).toBe(first!.password);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(await ensureDemoOwner(database, dataDir, {})).toEqual(first);
    expect(await countUsers(database.db)).toBe(1);
  });

  it('uses CG_ADMIN_EMAIL / CG_ADMIN_PASSWORD when set, and gives back no password to print (the operator chose it)', async () => {
    const env = { CG_ADMIN_EMAIL: 'ops@example.com', CG_ADMIN_PASSWORD: 'operator password' };
    expect(await ensureDemoOwner(database, dataDir, env)).toEqual({ email: 'ops@example.com' });
    const user = await findUserByEmail(database.db, 'ops@example.com');
    expect(await verifyPassword('operator password', user!.passwordHash)).toBe(true);
  });

  it('prints no login when the accounts were set up otherwise', async () => {
    await createUser(database.db, { email: 'someone@example.com', password: 'their own password', role: 'owner' });
    expect(await ensureDemoOwner(database, dataDir, {})).toBeUndefined();
    expect(await countUsers(database.db)).toBe(1);
  });
});
