/**
 * Creates the demo sites on first start from demo/src/sites/*.ts. Afterwards the database is the source of truth:
 * a restart only brings the allowed origins in step with the server's own URL (which depends on the port) and leaves
 * everything an operator may have edited in the dashboard (name, consent config, retention) as it is.
 */
import { createSite, getSite, setAllowedOrigins, type Db, type Site } from '@consentgate/server';
import { B2B_SITE } from './sites/b2b.js';
import type { DemoSite } from './sites/demo-site.js';
import { SHOP_SITE } from './sites/shop.js';

export const DEMO_SITES: readonly DemoSite[] = [SHOP_SITE, B2B_SITE];

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Every origin the demo server answers on: the URL it listens on, its public URL, and localhost / 127.0.0.1 aliases. */
export function demoOrigins(port: number, publicUrl?: string): string[] {
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  return [...new Set(origins)];
}

export async function ensureDemoSites(db: Db, baseUrl: string, origins: readonly string[]): Promise<Site[]> {
  const saved: Site[] = [];
  for (const demo of DEMO_SITES) {
    const existing = await getSite(db, demo.id);
    if (!existing) {
      const config = { ...demo.config, policyUrl: new URL(demo.policyPath, baseUrl).href };
      saved.push(
        await createSite(db, { id: demo.id, name: demo.name, allowedOrigins: origins, config, retentionDays: demo.retentionDays }),
      );
      continue;
    }
    // Keep origins someone added by hand (e.g. a real domain); replace the local ones of an earlier port.
    const kept = existing.allowedOrigins.filter((origin) => !LOCAL_HOSTS.has(new URL(origin).hostname));
    const allowedOrigins = [...new Set([...kept, ...origins])];
    const unchanged =
      allowedOrigins.length === existing.allowedOrigins.length && allowedOrigins.every((o) => existing.allowedOrigins.includes(o));
    saved.push(unchanged ? existing : await setAllowedOrigins(db, demo.id, allowedOrigins));
  }
  return saved;
}
