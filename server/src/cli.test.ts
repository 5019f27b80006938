import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { policyVersionHash, type PolicyVersionInfo, type SignedReceipt } from '@consentgate/shared';
import { appInternals, createApp } from './app.js';
import { loadServerConfig } from './config.js';
import { createSite } from './sites/sites.js';
import { receiptsToCsv } from './subjects/receipts-csv.js';
import { postReceipt, SHOP_CONFIG, SITE_ORIGIN, validReceipt } from './testing/app-fixture.js';
import type { Database } from './db/client.js';
import { auditLog, signingKeys } from './db/schema.js';
import { testDbKind } from './db/test-database.js';
import { openCliFixture, type CliFixture } from './testing/cli-fixture.js';

let cli: CliFixture;
beforeAll(async () => {
  cli = await openCliFixture({ PUBLIC_URL: 'https://consent.example' });
});
afterAll(() => cli.close());

const cg = (...argv: string[]) => cli.run(argv);
const withDatabase = <T>(fn: (db: Database) => Promise<T>) => cli.withDatabase(fn);

describe(`pnpm cg (${testDbKind()})`, () => {
  it('migrates, adds a site, lists it and prints its install snippet', async () => {
    expect(await cg('migrate')).toEqual({ code: 0, out: 'migrations applied', err: '' });
    const added = await cg('site', 'add', 'shop', '--name', 'Shop', '--origin', 'https://shop.example', '--origin', 'https://www.shop.example');
    expect(added.code).toBe(0);
    expect(added.out).toContain('<script src="https://consent.example/consent.js" data-site="shop" defer></script>');
    expect(added.err).not.toContain('warning');
    const bare = await cg('site', 'add', 'later', '--name', 'Origins later');
    expect(bare.code).toBe(0);
    expect(bare.err).toContain(`warning: no allowed origin, so browsers' receipts for "later" are refused (403) until you add one: pnpm cg site origins later --origin https://…`);
    const list = await cg('site', 'list');
    expect(list.out).toMatch(/^shop\tShop\tpolicy v1\t.*https:\/\/shop\.example https:\/\/www\.shop\.example$/m);
    const snippet = await cg('snippet', 'shop');
    expect(snippet.code).toBe(0);
    expect(snippet.out).toMatch(/^<script src="https:\/\/consent\.example\/consent\.js" data-site="shop" defer><\/script>\n/);
    expect(snippet.err).toBe('note: the snippet loads consent.js from https://consent.example (from PUBLIC_URL).');
    // The tracker shown as an example is inside an HTML comment: pasting the snippet adds no tracker.
    const html = snippet.out.replace(/<!--[\s\S]*?-->/g, '');
    expect(html).not.toContain('etracker');
    expect(snippet.out).toContain('data-service="etracker"');
  });

  it('lists a site’s policy versions and exports one as JSON whose configHash recomputes', async () => {
    const list = await cg('site', 'version', 'shop');
    expect(list).toMatchObject({ code: 0, err: '' });
    const [line] = list.out.split('\n');
    const [version, createdAt, hash] = line!.split('\t');
    expect(version).toBe('v1');
    expect(Number.isNaN(Date.parse(createdAt!))).toBe(false);
    const exported = await cg('site', 'version', 'shop', '1');
    expect(exported.code).toBe(0);
    const shown = JSON.parse(exported.out) as PolicyVersionInfo;
    expect(shown).toMatchObject({ siteId: 'shop', version: 1, configHash: hash });
    expect(Object.keys(shown.shownTexts!)).toHaveLength(6);
    expect(await policyVersionHash(shown)).toBe(hash);
    expect(await cg('site', 'version', 'shop', '7')).toMatchObject({ code: 1, err: 'error: site "shop" has no policy version 7' });
    expect((await cg('site', 'version', 'shop', 'latest')).code).toBe(2);
    expect((await cg('site', 'version', 'nope')).code).toBe(1);
  });

  it('verifies receipts from a file: signature, and configHash against the policy version; a tampered one fails', async () => {
    const receipts = await withDatabase(async (database) => {
      const site = await createSite(database.db, { id: 'verify', name: 'Verify', allowedOrigins: [SITE_ORIGIN], config: SHOP_CONFIG });
      const app = createApp({ database, config: loadServerConfig({ CG_RATE_LIMIT_RECEIPTS: '0', CG_WIDGET_DIR: '/nonexistent' }) });
      const signed: SignedReceipt[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await postReceipt(app, validReceipt(site));
        expect(res.status).toBe(201);
        signed.push((await res.json()) as SignedReceipt);
      }
      await appInternals(app).writer.idle();
      return signed;
    });
    const here = mkdtempSync(join(tmpdir(), 'cg-verify-'));
    const file = (name: string, value: unknown) => (writeFileSync(join(here, name), JSON.stringify(value)), name);
    const verify = (name: string) => cli.run(['receipt', 'verify', name], { INIT_CWD: here });
    try {
      const one = await verify(file('one.json', receipts[0]));
      expect(one.code).toBe(0);
      expect(one.out.startsWith(`valid\t${receipts[0]!.receiptId}\tsigned by key `)).toBe(true);
      expect(one.out).toContain('; policy version 1 of "verify" is what it names (configHash recomputed)');

      // A subject export ({ receipts }) with one decision changed after signing.
      const tampered = { ...receipts[1]!, categories: { ...receipts[1]!.categories, marketing: !receipts[1]!.categories.marketing } };
      const both = await verify(file('export.json', { receipts: [receipts[0], tampered] }));
      expect(both.code).toBe(1);
      expect(both.out.split('\n')).toEqual([
        expect.stringMatching(/^valid\t/),
        expect.stringMatching(new RegExp(`^NOT VALID\t${tampered.receiptId}\tsignature: receipt fields differ from the signed batch`)),
      ]);
      expect(both.err).toBe('error: 1 of 2 receipts did not verify');

      // The dashboard's CSV export: the last column holds each whole receipt.
      writeFileSync(join(here, 'export.csv'), receiptsToCsv([receipts[1]!, tampered]));
      const csv = await verify('export.csv');
      expect(csv.code).toBe(1);
      expect(csv.out.split('\n').map((line) => line.split('\t').slice(0, 2))).toEqual([
        ['valid', receipts[1]!.receiptId],
        ['NOT VALID', tampered.receiptId],
      ]);

      expect((await verify(file('junk.json', { hello: 'world' }))).err).toMatch(/expected a receipt, an array of receipts/);
      writeFileSync(join(here, 'other.csv'), 'a,b\n1,2\n');
      expect((await verify('other.csv')).err).toMatch(/a CSV export with a "receipt" column/);
      expect((await cli.run(['receipt', 'verify'])).code).toBe(2);
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('says on stderr which base URL the snippet uses and how to change it, keeping stdout a clean snippet', async () => {
    const snippet = await cli.run(['snippet', 'shop'], { PUBLIC_URL: '', PORT: '9000' });
    expect(snippet.code).toBe(0);
    expect(snippet.out.split('\n')[0]).toBe('<script src="http://127.0.0.1:9000/consent.js" data-site="shop" defer></script>');
    expect(snippet.out).not.toContain('PUBLIC_URL');
    expect(snippet.err).toContain('consent.js from http://127.0.0.1:9000 (from HOST and PORT, as PUBLIC_URL is not set)');
    expect(snippet.err).toContain('set PUBLIC_URL to its public origin');
  });

  it('reads --config relative to the directory the command was run in (pnpm runs it inside server/)', async () => {
    const here = mkdtempSync(join(tmpdir(), 'cg-cwd-'));
    try {
      writeFileSync(join(here, 'site.json'), JSON.stringify({ categories: [{ id: 'necessary', required: true }, { id: 'analytics' }] }));
      const added = await cli.run(['site', 'add', 'fromfile', '--name', 'From file', '--origin', 'https://ff.example', '--config', 'site.json'], { INIT_CWD: here });
      expect(added).toMatchObject({ code: 0 });
      expect((await cg('site', 'list')).out).toMatch(/^fromfile\tFrom file\t/m);
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('fails with a non-zero code for a duplicate site, an unknown site and an unknown command', async () => {
    expect((await cg('site', 'add', 'shop', '--origin', 'https://shop.example')).code).toBe(1);
    expect((await cg('snippet', 'nope')).code).toBe(1);
    expect((await cg('site', 'add', 'bad', '--origin', 'https://x.example/path')).code).toBe(1);
    const unknown = await cg('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^unknown command "frobnicate"\nusage: pnpm cg <command>/);
    expect((await cg('site', 'remove', 'shop')).err).toMatch(/^unknown command "site remove"\n/);
  });

  it('prints a site’s consent config and changes parts of it from a file (theme, max age), bumping the policy version', async () => {
    await cg('site', 'add', 'styled', '--name', 'Styled', '--origin', 'https://styled.example');
    const shown = await cg('site', 'config', 'styled');
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect((JSON.parse(shown.out) as { categories: Array<{ id: string }> }).categories.map((c) => c.id)).toContain('analytics');
    const here = mkdtempSync(join(tmpdir(), 'cg-config-'));
    try {
      writeFileSync(join(here, 'theme.json'), JSON.stringify({ theme: { accent: '#0b5394', position: 'center' }, consentMaxAgeDays: 90 }));
      const saved = await cli.run(['site', 'config', 'styled', '--config', 'theme.json'], { INIT_CWD: here });
      expect(saved).toEqual({ code: 0, out: 'site "styled" config saved: policy version 2, so visitors are asked again', err: '' });
      const after = JSON.parse((await cg('site', 'config', 'styled')).out) as { theme: unknown; consentMaxAgeDays: number; categories: unknown[] };
      expect(after).toMatchObject({ theme: { accent: '#0b5394', position: 'center' }, consentMaxAgeDays: 90 });
      expect(after.categories).toEqual((JSON.parse(shown.out) as { categories: unknown[] }).categories);
      const again = await cli.run(['site', 'config', 'styled', '--config', 'theme.json'], { INIT_CWD: here });
      expect(again.out).toBe('site "styled": nothing changed (policy version 2)');
      // A bad config is refused with the reason and changes nothing.
      writeFileSync(join(here, 'bad.json'), JSON.stringify({ theme: { accent: 'blue' } }));
      const bad = await cli.run(['site', 'config', 'styled', '--config', 'bad.json'], { INIT_CWD: here });
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/accent/);
      expect((await cg('site', 'list')).out).toMatch(/^styled\tStyled\tpolicy v2\t/m);
      expect((await cg('site', 'config', 'nope')).code).toBe(1);
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('names the file it cannot read or parse', async () => {
    const here = mkdtempSync(join(tmpdir(), 'cg-files-'));
    try {
      writeFileSync(join(here, 'broken.json'), '{"categories": [');
      const missing = await cli.run(['site', 'add', 'nofile', '--name', 'x', '--config', 'missing.json'], { INIT_CWD: here });
      expect(missing).toMatchObject({ code: 1, err: 'error: cannot read missing.json: no such file' });
      const broken = await cli.run(['site', 'add', 'nofile', '--name', 'x', '--config', 'broken.json'], { INIT_CWD: here });
      expect(broken.code).toBe(1);
      expect(broken.err).toMatch(/^error: broken\.json is not valid JSON: /);
      // JSON can escape half a character, which no text holds: refused before anything is stored, naming the file.
      writeFileSync(join(here, 'half.json'), '{"categories": [{"id": "necessary"}], "texts": {"en": {"bannerTitle": "a\\ud800"}}}');
      const half = await cli.run(['site', 'add', 'nofile', '--name', 'x', '--config', 'half.json'], { INIT_CWD: here });
      expect(half).toMatchObject({ code: 1, err: 'error: half.json is not valid Unicode: it escapes a lone surrogate (\\uD800–\\uDFFF)' });
      const verify = await cli.run(['receipt', 'verify', 'broken.json'], { INIT_CWD: here });
      expect(verify.code).toBe(1);
      expect(verify.err).toMatch(/^error: broken\.json: /);
      expect((await cg('site', 'list')).out).not.toContain('nofile');
    } finally {
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('--help shows one command without running it; unknown options, extra arguments and bad settings are refused', async () => {
    const keysBefore = await withDatabase(async ({ db }) => (await db.select().from(signingKeys)).length);
    // Alone, `pnpm cg` (or --help) lists the commands: asked for, so code 0 and stdout.
    for (const list of [await cg(), await cg('--help'), await cg('help')]) {
      expect(list).toMatchObject({ code: 0, err: '' });
      expect(list.out).toMatch(/^usage: pnpm cg <command>[\s\S]*site add/);
    }
    const help = await cg('key', 'rotate', '--help');
    expect(help).toEqual({ code: 0, out: 'usage: pnpm cg key rotate', err: '' });
    expect((await cg('migrate', '-h')).out).toBe('usage: pnpm cg migrate');
    expect((await cg('snippet', '--help')).out).toBe('usage: pnpm cg snippet <id>');
    const dryRun = await cg('key', 'rotate', '--dry-run');
    expect(dryRun.code).toBe(2);
    expect(dryRun.err).toMatch(/Unknown option '--dry-run'[\s\S]*usage: pnpm cg key rotate$/);
    const extra = await cg('site', 'list', 'extra');
    expect(extra.code).toBe(2);
    expect(extra.err).toMatch(/^unexpected argument "extra"/);
    expect(await withDatabase(async ({ db }) => (await db.select().from(signingKeys)).length)).toBe(keysBefore);
    const badEnv = await cli.run(['snippet', 'shop'], { PUBLIC_URL: 'ftp://x' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.err).toMatch(/^error: PUBLIC_URL must be/);
    expect(badEnv.err).not.toMatch(/^\s+at /m);
  });

  it('records each change in the audit log as the CLI: site add, site origins, key rotate', async () => {
    const auditedBefore = await withDatabase(async ({ db }) => (await db.select().from(auditLog)).length);
    expect((await cg('site', 'add', 'blog', '--name', 'Blog', '--origin', 'https://blog.example')).code).toBe(0);
    expect((await cg('site', 'origins', 'blog', '--origin', 'https://blog.example', '--origin', 'https://www.blog.example')).code).toBe(0);
    expect((await cg('site', 'origins', 'blog', '--origin', 'https://blog.example', '--origin', 'https://www.blog.example')).code).toBe(0);
    expect((await cg('site', 'origins', 'nope', '--origin', 'https://nope.example')).code).toBe(1);
    const rotated = await cg('key', 'rotate');
    expect(rotated.code).toBe(0);
    const kid = /new signing key (\S+),/.exec(rotated.out)?.[1];
    expect(kid).toBeDefined();
    // Read-only commands leave no entry.
    await cg('site', 'list');
    await cg('snippet', 'blog');

    const entries = await withDatabase(({ db }) => db.select().from(auditLog).orderBy(asc(auditLog.id)));
    const added = entries.slice(auditedBefore);
    expect(added.map((e) => [e.action, e.actorType, e.actorId, e.siteId, e.target])).toEqual([
      ['site.create', 'system', 'cli', 'blog', 'blog'],
      ['site.update', 'system', 'cli', 'blog', 'allowedOrigins'],
      ['signing_key.rotate', 'system', 'cli', null, kid],
    ]);
    expect(added[1]?.details).toEqual({ changed: ['allowedOrigins'], policyVersion: 1, previousPolicyVersion: 1 });
    expect(added.every((e) => e.ip === null)).toBe(true);
  });
});
