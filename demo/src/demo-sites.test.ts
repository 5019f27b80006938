import { getPolicyVersion, getSite, openDatabase, setAllowedOrigins, type Database } from '@consentgate/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoOrigins, ensureDemoSites } from './demo-sites.js';

describe('demo sites in the database', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
  });
  afterEach(() => database.close());

  it('creates both sites on first start with the server origins allowed and the B2B seven-year retention', async () => {
    await ensureDemoSites(database.db, 'http://localhost:8787', demoOrigins(8787));
    const shop = await getSite(database.db, 'demo-shop');
    const b2b = await getSite(database.db, 'demo-b2b');
    expect(shop?.allowedOrigins).toEqual(['http://localhost:8787', 'http://127.0.0.1:8787']);
    expect(shop?.config.services.map((s) => s.id)).toEqual(expect.arrayContaining(['etracker', 'whatsapp']));
    expect(b2b?.retentionDays).toBeGreaterThanOrEqual(7 * 365);
    expect(b2b?.config.categories.find((c) => c.id === 'marketing')?.optOutOnGpc).toBe(true);
    expect(shop?.config.policyUrl).toBe('http://localhost:8787/demo/shop/privacy.html');
  });

  it('a restart on another port keeps the policy version when nothing visitors see changed, and swaps the local origins', async () => {
    await ensureDemoSites(database.db, 'http://localhost:8787', demoOrigins(8787));
    await setAllowedOrigins(database.db, 'demo-shop', ['http://localhost:8787', 'https://shop.example']);
    await ensureDemoSites(database.db, 'http://localhost:8787', demoOrigins(9000, 'http://localhost:8787'));
    const shop = await getSite(database.db, 'demo-shop');
    expect(shop?.policyVersion).toBe(1);
    expect(shop?.allowedOrigins.sort()).toEqual(
      ['https://shop.example', 'http://localhost:9000', 'http://127.0.0.1:9000', 'http://localhost:8787'].sort(),
    );
    expect(await getPolicyVersion(database.db, 'demo-shop', 1)).toBeDefined();
  });
});
