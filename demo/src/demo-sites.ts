/**
 * Creates the demo sites on first start and keeps them in step with demo/src/sites/*.ts afterwards: a changed consent
 * config becomes a new policy version (visitors are asked again), and the allowed origins follow the server's own URL.
 */
import { createSite, getSite, updateSiteConfig, type Db, type Site } from '@consentgate/server';
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
    const config = { ...demo.config, policyUrl: new URL(demo.policyPath, baseUrl).href };
    const existing = await getSite(db, demo.id);
    if (!existing) {
      saved.push(
        await createSite(db, { id: demo.id, name: demo.name, allowedOrigins: origins, config, retentionDays: demo.retentionDays }),
      );
      continue;
    }
    // Keep origins someone added by hand (e.g. a real domain); replace the local ones of an earlier port.
    const kept = existing.allowedOrigins.filter((origin) => !LOCAL_HOSTS.has(new URL(origin).hostname));
    saved.push(
      await updateSiteConfig(db, demo.id, {
        name: demo.name,
        config,
        allowedOrigins: [...new Set([...kept, ...origins])],
        retentionDays: demo.retentionDays,
      }),
    );
  }
  return saved;
}
