/**
 * The demo's dashboard login: on first start (no user yet) an owner is created — CG_ADMIN_EMAIL / CG_ADMIN_PASSWORD
 * when set, else admin@demo.local with a random password kept in the data folder, so the same login works on the
 * next start. The password is printed only while it still opens that account.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFirstOwner, findUserByEmail, generatePassword, verifyPassword, type Database } from '@consentgate/server';

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';
const PASSWORD_FILE = 'demo-admin-password';

export interface DemoLogin {
  email: string;
  /** The generated demo password, to print; absent when the operator chose one (CG_ADMIN_PASSWORD): never echoed. */
  password?: string;
}

function demoPassword(dataDir: string, env: NodeJS.ProcessEnv): string {
  if (env.CG_ADMIN_PASSWORD) return env.CG_ADMIN_PASSWORD;
  const file = join(dataDir, PASSWORD_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = generatePassword();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The login to print, or undefined when the accounts were set up differently (then the operator knows theirs). */
export async function ensureDemoOwner(database: Database, dataDir: string, env: NodeJS.ProcessEnv): Promise<DemoLogin | undefined> {
  const email = (env.CG_ADMIN_EMAIL || DEMO_ADMIN_EMAIL).trim().toLowerCase();
  const password = demoPassword(dataDir, env);
  const login = env.CG_ADMIN_PASSWORD ? { email } : { email, password };
  if (await ensureFirstOwner(database.db, { email, password })) return login;
  const user = await findUserByEmail(database.db, email);
  return user && !user.disabledAt && (await verifyPassword(password, user.passwordHash)) ? login : undefined;
}
