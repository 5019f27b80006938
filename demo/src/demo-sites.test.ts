import { getPolicyVersion, getSite, openDatabase, setAllowedOrigins, updateSiteConfig, type Database } from '@consentgate/server';
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

  it('a restart on another port keeps the policy version and swaps the local origins', async () => {
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

  it('an edit through updateSiteConfig survives a restart', async () => {
    await ensureDemoSites(database.db, 'http://localhost:8787', demoOrigins(8787));
    const created = await getSite(database.db, 'demo-shop');
    const services = created!.config.services.filter((s) => s.category !== 'marketing');
    // The German words for a removed service go with it (words for a service the site does not have are refused).
    const de = created!.config.texts.de!;
    const serviceTexts = Object.fromEntries(Object.entries(de.serviceTexts!).filter(([id]) => services.some((s) => s.id === id)));
    const edited = await updateSiteConfig(database.db, 'demo-shop', {
      name: 'My edited shop',
      retentionDays: 400,
      config: {
        ...created!.config,
        categories: created!.config.categories.filter((c) => c.id !== 'marketing'),
        services,
        texts: { ...created!.config.texts, de: { ...de, serviceTexts } },
      },
    });
    expect(edited.policyVersion).toBe(2);

    await ensureDemoSites(database.db, 'http://localhost:9000', demoOrigins(9000));
    const shop = await getSite(database.db, 'demo-shop');
    expect(shop?.name).toBe('My edited shop');
    expect(shop?.retentionDays).toBe(400);
    expect(shop?.policyVersion).toBe(2);
    expect(shop?.configHash).toBe(edited.configHash);
    expect(shop?.config.categories.map((c) => c.id)).not.toContain('marketing');
    expect(shop?.allowedOrigins.sort()).toEqual(['http://localhost:9000', 'http://127.0.0.1:9000'].sort());
  });

  it('a restart on the same port writes nothing', async () => {
    await ensureDemoSites(database.db, 'http://localhost:8787', demoOrigins(8787));
    const before = await getSite(database.db, 'demo-b2b');
    await ensureDemoSites(database.db, 'http://localhost:8787', demoOrigins(8787));
    expect(await getSite(database.db, 'demo-b2b')).toEqual(before);
  });
});
