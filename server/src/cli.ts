/**
 * `pnpm cg <command>`: operator commands against the configured database (same env as the server).
 *   pnpm cg migrate
 *   pnpm cg site add <id> --name "Shop" --origin https://shop.example [--origin …] [--config site.json] [--retention-days N]
 *   pnpm cg site list
 *   pnpm cg site origins <id> --origin https://… [--origin …]
 *   pnpm cg snippet <id>
 *   pnpm cg key rotate
 *   pnpm cg user add <email> --role owner|site_admin|viewer [--site id …] [--password …]   (or CG_NEW_PASSWORD; else generated)
 *   pnpm cg purge [--site id]
 * Every command that changes data leaves an entry in the audit log (actor type 'system', id 'cli').
 * With the embedded database (no DATABASE_URL), stop the server first: PGlite allows one process at a time, and a
 * command run while the server holds the data folder fails with exit code 1 (see db/data-folder-lock.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SiteConsentConfigInput } from '@consentgate/shared';
import { fromCaller, loadServerConfig, type ServerConfig } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { rotateSigningKey, SIGNER_TTL_MS } from './signing/keys.js';
import { generatePassword } from './admin/passwords.js';
import { createUser } from './admin/users.js';
import { CLI_ACTOR, writeAudit } from './audit/audit-log.js';
import { purgeExpiredReceipts } from './retention/purge-expired-receipts.js';
import { USER_ROLES, type UserRole } from '@consentgate/shared';
import { createSite, getSite, listSites, setAllowedOrigins, SiteError } from './sites/sites.js';

export const DEFAULT_SITE_CONFIG: SiteConsentConfigInput = {
  categories: [
    { id: 'necessary', required: true },
    { id: 'preferences', googleConsent: ['functionality_storage', 'personalization_storage'] },
    { id: 'analytics', optOutOnGpc: true, googleConsent: ['analytics_storage'] },
    { id: 'marketing', optOutOnGpc: true, googleConsent: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
  ],
};

export function installSnippet(publicUrl: string, siteId: string): string {
  return [
    `<script src="${publicUrl}/consent.js" data-site="${siteId}" defer></script>`,
    '',
    '<!-- mark each tracking script with the category (and service) it needs: -->',
    '<script type="text/plain" data-consent="analytics" data-service="etracker" src="https://code.etracker.com/code/e.js"></script>',
    '',
    '<!-- any element with this attribute reopens the preferences: -->',
    '<a href="#" data-consentgate-open>Cookie settings</a>',
  ].join('\n');
}

interface CommandContext {
  args: string[];
  env: NodeJS.ProcessEnv;
  config: ServerConfig;
  database: () => Promise<Database>;
  /** stdout: the command's result (a snippet stays clean enough to pipe into a file). */
  out: (line: string) => void;
  /** stderr: hints and errors. */
  err: (line: string) => void;
}

/** Says where the snippet's consent.js URL came from and how to change it (on stderr, next to the snippet). */
function snippetBaseHint(config: ServerConfig, env: NodeJS.ProcessEnv): string {
  const source = env.PUBLIC_URL ? 'PUBLIC_URL' : 'HOST and PORT, as PUBLIC_URL is not set';
  return (
    `note: the snippet loads consent.js from ${config.publicUrl} (from ${source}). ` +
    'If that is not where visitors reach the consent server, set PUBLIC_URL to its public origin, ' +
    'e.g. PUBLIC_URL=https://consent.example.com pnpm cg snippet <id>'
  );
}

type Command = (ctx: CommandContext) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate({ database, out }) {
    await database();
    out('migrations applied');
  },

  async 'site add'({ args, database, out, err, config, env }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        config: { type: 'string' },
        'retention-days': { type: 'string' },
      },
    });
    const id = positionals[0];
    if (!id) throw new UsageError('site add <id> --name "…" --origin https://… [--config file.json] [--retention-days N]');
    const siteConfig = values.config
      ? (JSON.parse(readFileSync(fromCaller(env, values.config), 'utf8')) as SiteConsentConfigInput)
      : DEFAULT_SITE_CONFIG;
    const { db } = await database();
    const site = await createSite(db, {
      id,
      name: values.name ?? id,
      allowedOrigins: values.origin ?? [],
      config: siteConfig,
      retentionDays: values['retention-days'] ? Number(values['retention-days']) : undefined,
    });
    await writeAudit(db, { actor: CLI_ACTOR, action: 'site.create', siteId: site.id, target: site.id, details: { policyVersion: site.policyVersion } });
    out(`site "${site.id}" created (policy version ${site.policyVersion}); allowed origins: ${site.allowedOrigins.join(', ') || 'none'}`);
    out('');
    out(installSnippet(config.publicUrl, site.id));
    err(snippetBaseHint(config, env));
  },

  async 'site list'({ database, out }) {
    const sites = await listSites((await database()).db);
    if (sites.length === 0) out('no sites yet: pnpm cg site add <id> --name "…" --origin https://…');
    for (const s of sites) {
      out(`${s.id}\t${s.name}\tpolicy v${s.policyVersion}\tretention ${s.retentionDays}d\t${s.allowedOrigins.join(' ') || '(no origins)'}`);
    }
  },

  async 'site origins'({ args, database, out }) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { origin: { type: 'string', multiple: true } } });
    const id = positionals[0];
    if (!id || !values.origin) throw new UsageError('site origins <id> --origin https://… [--origin …]');
    const { db } = await database();
    const before = await getSite(db, id);
    if (!before) throw new SiteError('site_not_found', `no site with id "${id}"`);
    const site = await setAllowedOrigins(db, id, values.origin);
    if (site.allowedOrigins.join(' ') !== before.allowedOrigins.join(' ')) {
      await writeAudit(db, {
        actor: CLI_ACTOR,
        action: 'site.update',
        siteId: id,
        target: 'allowedOrigins',
        details: { changed: ['allowedOrigins'], policyVersion: site.policyVersion, previousPolicyVersion: before.policyVersion },
      });
    }
    out(`site "${site.id}" allowed origins: ${site.allowedOrigins.join(', ')}`);
  },

  async snippet({ args, database, out, err, config, env }) {
    const id = args[0];
    if (!id) throw new UsageError('snippet <id>');
    if (!(await getSite((await database()).db, id))) throw new SiteError('site_not_found', `no site with id "${id}"`);
    out(installSnippet(config.publicUrl, id));
    err(snippetBaseHint(config, env));
  },

  async 'key rotate'({ database, out }) {
    const { db } = await database();
    const { kid, retired } = await rotateSigningKey(db);
    await writeAudit(db, { actor: CLI_ACTOR, action: 'signing_key.rotate', target: kid, details: { retired } });
    out(`new signing key ${kid}; older keys retired but still published (running servers sign with it within ${SIGNER_TTL_MS / 1000} s)`);
  },

  async 'user add'({ args, database, out, env }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' }, site: { type: 'string', multiple: true }, password: { type: 'string' } },
    });
    const email = positionals[0];
    const role = values.role as UserRole | undefined;
    if (!email || !role || !USER_ROLES.includes(role)) {
      throw new UsageError('user add <email> --role owner|site_admin|viewer [--site id …] [--password …]');
    }
    const given = values.password ?? env.CG_NEW_PASSWORD;
    const password = given || generatePassword();
    const { db } = await database();
    const user = await createUser(db, { email, password, role, sites: values.site ?? [] });
    await writeAudit(db, { actor: CLI_ACTOR, action: 'user.create', target: user.id, details: { role, sites: values.site ?? [] } });
    out(`user ${user.email} created (${user.role}${values.site?.length ? `, sites: ${values.site.join(', ')}` : ''})`);
    if (!given) out(`password: ${password}`);
  },

  async purge({ args, database, out }) {
    const { values } = parseArgs({ args, options: { site: { type: 'string' } } });
    const results = await purgeExpiredReceipts((await database()).db, { siteId: values.site, actor: CLI_ACTOR, auditEmptyRuns: true });
    for (const r of results) {
      out(`${r.siteId}\tpurged ${r.receipts} receipts, ${r.subjects} subjects older than ${r.cutoff.toISOString()}`);
    }
  },
};

class UsageError extends Error {}

function usage(): string {
  return `usage: pnpm cg <command>\n  ${Object.keys(commands).join('\n  ')}`;
}

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  const config = loadServerConfig(env);
  const name = commands[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : argv[0];
  const command = name ? commands[name] : undefined;
  if (!command || !name) {
    err(usage());
    return 2;
  }
  let database: Database | undefined;
  const open = async () => {
    if (!database) {
      database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite'), max: 2 });
      await database.migrate();
    }
    return database;
  };
  try {
    await command({ args: argv.slice(name.split(' ').length), env, config, database: open, out, err });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) err(`usage: pnpm cg ${error.message}`);
    else err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
