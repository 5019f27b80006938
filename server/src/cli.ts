/**
 * `pnpm cg <command>`: operator commands against the configured database (same env as the server).
 *   pnpm cg migrate
 *   pnpm cg site add <id> --name "Shop" --origin https://shop.example [--origin …] [--config site.json] [--retention-days N]
 *   pnpm cg site list
 *   pnpm cg site origins <id> --origin https://… [--origin …]
 *   pnpm cg site version <id> [<version>]   (lists the versions; with one, prints it as JSON)
 *   pnpm cg snippet <id>
 *   pnpm cg receipt verify <file.json|file.csv>   (signature and configHash of each receipt in an export; exit 1 if any fails)
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
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SiteConsentConfigInput } from '@consentgate/shared';
import { fromCaller, loadServerConfig, type ServerConfig } from './config.js';
import { openDatabase, type Database, type Db } from './db/client.js';
import { escapesLoneSurrogate, LONE_SURROGATE } from './http/body-encoding.js';
import { PUBLISH_LEAD_MS, rotateSigningKey, SIGNER_TTL_MS, SigningKeys } from './signing/keys.js';
import { checkReceipt, receiptsIn } from './receipts/check-receipts.js';
import { generatePassword } from './admin/passwords.js';
import { createUser } from './admin/users.js';
import { CLI_ACTOR, writeAudit } from './audit/audit-log.js';
import { purgeExpiredReceipts } from './retention/purge-expired-receipts.js';
import { USER_ROLES, type UserRole } from '@consentgate/shared';
import { DEFAULT_SITE_CONFIG, installSnippet } from './sites/new-site.js';
import { createSite, exportPolicyVersion, getSite, listPolicyVersions, listSites, setAllowedOrigins, SiteError, updateSiteConfig, type Site } from './sites/sites.js';

type Options = NonNullable<ParseArgsConfig['options']>;

interface CommandContext {
  /** Options as parsed by parseArgs (strict: an unknown option is a usage error). */
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  /** Positional arguments (no more than the command declares). */
  positionals: string[];
  env: NodeJS.ProcessEnv;
  config: ServerConfig;
  database: () => Promise<Database>;
  /** stdout: the command's result (a snippet stays clean enough to pipe into a file). */
  out: (line: string) => void;
  /** stderr: hints and errors. */
  err: (line: string) => void;
}

interface Command {
  /** What follows `pnpm cg ` in the usage line. */
  usage: string;
  options?: Options;
  /** How many positional arguments the command takes (any more is a usage error). */
  positionals?: number;
  run(ctx: CommandContext): Promise<void>;
}

/** Says where the snippet's consent.js URL came from and how to change it (on stderr, next to the snippet). */
function snippetBaseHint(config: ServerConfig, env: NodeJS.ProcessEnv): string {
  if (env.PUBLIC_URL) return `note: the snippet loads consent.js from ${config.publicUrl} (from PUBLIC_URL).`;
  return (
    `note: the snippet loads consent.js from ${config.publicUrl} (from HOST and PORT, as PUBLIC_URL is not set). ` +
    'If that is not where visitors reach the consent server, set PUBLIC_URL to its public origin, ' +
    'e.g. PUBLIC_URL=https://consent.example.com pnpm cg snippet <id>'
  );
}

/** A file named on the command line, read as UTF-8; a failure names the file instead of echoing an errno. */
function readArgFile(env: NodeJS.ProcessEnv, file: string): string {
  try {
    return readFileSync(fromCaller(env, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error)}`);
  }
}

function parseJsonFile(env: NodeJS.ProcessEnv, file: string): unknown {
  const text = readArgFile(env, file);
  // As for request bodies: such a string would reach the database as U+FFFD, and the config hash refuses it.
  if (escapesLoneSurrogate(text)) throw new Error(`${file} ${LONE_SURROGATE}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const list = (value: unknown) => (Array.isArray(value) ? (value as string[]) : undefined);

/** The site with this id, or the "no site" error every site command gives. */
async function requireSite(db: Db, id: string): Promise<Site> {
  const site = await getSite(db, id);
  if (!site) throw new SiteError('site_not_found', `no site with id "${id}"`);
  return site;
}

/** Audits a change of a site's `setting` made from the CLI, as the dashboard's saves are audited. */
function auditSiteChange(db: Db, before: Site, after: Site, setting: string): Promise<void> {
  return writeAudit(db, {
    actor: CLI_ACTOR,
    action: 'site.update',
    siteId: after.id,
    target: setting,
    details: { changed: [setting], policyVersion: after.policyVersion, previousPolicyVersion: before.policyVersion },
  });
}

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    async run({ database, out }) {
      await database();
      out('migrations applied');
    },
  },

  'site add': {
    usage: 'site add <id> --name "…" --origin https://… [--origin …] [--config file.json] [--retention-days N]',
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      config: { type: 'string' },
      'retention-days': { type: 'string' },
    },
    positionals: 1,
    async run({ values, positionals, database, out, err, config, env }) {
      const id = positionals[0];
      if (!id) throw new UsageError();
      const file = str(values.config);
      const siteConfig = file ? (parseJsonFile(env, file) as SiteConsentConfigInput) : DEFAULT_SITE_CONFIG;
      const retention = str(values['retention-days']);
      const { db } = await database();
      const site = await createSite(db, {
        id,
        name: str(values.name) ?? id,
        allowedOrigins: list(values.origin) ?? [],
        config: siteConfig,
        retentionDays: retention ? Number(retention) : undefined,
      });
      await writeAudit(db, { actor: CLI_ACTOR, action: 'site.create', siteId: site.id, target: site.id, details: { policyVersion: site.policyVersion } });
      out(`site "${site.id}" created (policy version ${site.policyVersion}); allowed origins: ${site.allowedOrigins.join(', ') || 'none'}`);
      if (site.allowedOrigins.length === 0) {
        err(`warning: no allowed origin, so browsers' receipts for "${site.id}" are refused (403) until you add one: pnpm cg site origins ${site.id} --origin https://…`);
      }
      out('');
      out(installSnippet(config.publicUrl, site.id));
      err(snippetBaseHint(config, env));
    },
  },

  'site list': {
    usage: 'site list',
    async run({ database, out }) {
      const sites = await listSites((await database()).db);
      if (sites.length === 0) out('no sites yet: pnpm cg site add <id> --name "…" --origin https://…');
      for (const s of sites) {
        out(`${s.id}\t${s.name}\tpolicy v${s.policyVersion}\tretention ${s.retentionDays}d\t${s.allowedOrigins.join(' ') || '(no origins)'}`);
      }
    },
  },

  'site origins': {
    usage: 'site origins <id> --origin https://… [--origin …]',
    options: { origin: { type: 'string', multiple: true } },
    positionals: 1,
    async run({ values, positionals, database, out }) {
      const id = positionals[0];
      const origins = list(values.origin);
      if (!id || !origins) throw new UsageError();
      const { db } = await database();
      const before = await requireSite(db, id);
      const site = await setAllowedOrigins(db, id, origins);
      if (site.allowedOrigins.join(' ') !== before.allowedOrigins.join(' ')) await auditSiteChange(db, before, site, 'allowedOrigins');
      out(`site "${site.id}" allowed origins: ${site.allowedOrigins.join(', ')}`);
    },
  },

  'site config': {
    usage: 'site config <id> [--config file.json]',
    options: { config: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, database, out, env }) {
      const id = positionals[0];
      if (!id) throw new UsageError();
      const { db } = await database();
      const before = await requireSite(db, id);
      const file = str(values.config);
      // Without a file: the current consent config as JSON, to edit and give back with --config.
      if (!file) return out(JSON.stringify(before.config, null, 2));
      // The file's top-level keys (theme, texts, services, consentMaxAgeDays…) replace the site's; the rest stays.
      const patch = parseJsonFile(env, file) as Partial<SiteConsentConfigInput>;
      const site = await updateSiteConfig(db, id, { config: patch });
      if (site.policyVersion === before.policyVersion) return out(`site "${id}": nothing changed (policy version ${site.policyVersion})`);
      await auditSiteChange(db, before, site, 'config');
      out(`site "${id}" config saved: policy version ${site.policyVersion}, so visitors are asked again`);
    },
  },

  'site version': {
    usage: 'site version <id> [<version>]',
    positionals: 2,
    async run({ positionals, database, out }) {
      const [id, number] = positionals;
      if (!id) throw new UsageError();
      const { db } = await database();
      await requireSite(db, id);
      if (number === undefined) {
        for (const v of await listPolicyVersions(db, id)) out(`v${v.version}\t${v.createdAt.toISOString()}\t${v.configHash}`);
        return;
      }
      if (!/^[1-9][0-9]{0,8}$/.test(number)) throw new UsageError();
      const shown = await exportPolicyVersion(db, id, Number(number));
      if (!shown) throw new SiteError('site_not_found', `site "${id}" has no policy version ${number}`);
      // JSON on stdout, to keep with a receipt: policyVersionHash() from @consentgate/shared recomputes its configHash.
      out(JSON.stringify(shown, null, 2));
    },
  },

  snippet: {
    usage: 'snippet <id>',
    positionals: 1,
    async run({ positionals, database, out, err, config, env }) {
      const id = positionals[0];
      if (!id) throw new UsageError();
      await requireSite((await database()).db, id);
      out(installSnippet(config.publicUrl, id));
      err(snippetBaseHint(config, env));
    },
  },

  'receipt verify': {
    usage: 'receipt verify <file.json|file.csv>',
    positionals: 1,
    async run({ positionals, database, out, env }) {
      const file = positionals[0];
      if (!file) throw new UsageError();
      const text = readArgFile(env, file);
      let receipts: ReturnType<typeof receiptsIn>;
      try {
        receipts = receiptsIn(text);
      } catch (error) {
        throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { db } = await database();
      const keys = new SigningKeys(db);
      let invalid = 0;
      for (const receipt of receipts) {
        const check = await checkReceipt(db, keys, receipt);
        if (!check.valid) invalid++;
        out(`${check.valid ? 'valid' : 'NOT VALID'}\t${check.receiptId}\t${check.summary}`);
      }
      if (invalid > 0) throw new Error(`${invalid} of ${receipts.length} receipts did not verify`);
    },
  },

  'key rotate': {
    usage: 'key rotate',
    async run({ database, out }) {
      const { db } = await database();
      const { kid, retired } = await rotateSigningKey(db);
      await writeAudit(db, { actor: CLI_ACTOR, action: 'signing_key.rotate', target: kid, details: { retired } });
      const from = PUBLISH_LEAD_MS / 1000;
      out(
        `new signing key ${kid}, published now; running servers sign with it ${from}–${from + SIGNER_TTL_MS / 1000} s from now, ` +
          'once every cached JWKS lists it; older keys then retire and stay published',
      );
    },
  },

  'user add': {
    usage: 'user add <email> --role owner|site_admin|viewer [--site id …] [--password …]',
    options: { role: { type: 'string' }, site: { type: 'string', multiple: true }, password: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, database, out, env }) {
      const email = positionals[0];
      const role = str(values.role) as UserRole | undefined;
      if (!email || !role || !USER_ROLES.includes(role)) throw new UsageError();
      const sites = list(values.site) ?? [];
      const given = str(values.password) ?? env.CG_NEW_PASSWORD;
      const password = given || generatePassword();
      const { db } = await database();
      const user = await createUser(db, { email, password, role, sites });
      await writeAudit(db, { actor: CLI_ACTOR, action: 'user.create', target: user.id, details: { role, sites } });
      out(`user ${user.email} created (${user.role}${sites.length ? `, sites: ${sites.join(', ')}` : ''})`);
      if (!given) out(`password: ${password}`);
    },
  },

  purge: {
    usage: 'purge [--site id]',
    options: { site: { type: 'string' } },
    async run({ values, database, out }) {
      const results = await purgeExpiredReceipts((await database()).db, { siteId: str(values.site), actor: CLI_ACTOR, auditEmptyRuns: true });
      for (const r of results) {
        out(`${r.siteId}\tpurged ${r.receipts} receipts, ${r.subjects} subjects older than ${r.cutoff.toISOString()}`);
      }
    },
  },
};

/** The arguments do not fit the command: its usage line is printed, exit code 2. */
class UsageError extends Error {}

function usage(): string {
  return `usage: pnpm cg <command>\n${Object.values(commands)
    .map((c) => `  ${c.usage}`)
    .join('\n')}\n  (pnpm cg <command> --help shows one command)`;
}

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  // Asking for the list is not a mistake: it goes to stdout and exits 0.
  if (argv.length === 0 || (argv.length === 1 && ['--help', '-h', 'help'].includes(argv[0]!))) {
    out(usage());
    return 0;
  }
  const name = commands[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : argv[0];
  const command = name ? commands[name] : undefined;
  if (!command || !name) {
    // A group word alone or with a wrong second word ("site", "site foo") names both words.
    const group = argv[0] !== undefined && Object.keys(commands).some((key) => key.startsWith(`${argv[0]} `));
    const typed = argv.slice(0, group ? 2 : 1).join(' ');
    err(`unknown command "${typed}"\n${usage()}`);
    return 2;
  }
  const args = argv.slice(name.split(' ').length);
  // Help never runs the command (`key rotate --help` must not rotate).
  if (args.includes('--help') || args.includes('-h')) {
    out(`usage: pnpm cg ${command.usage}`);
    return 0;
  }
  let parsed: { values: CommandContext['values']; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
    if (parsed.positionals.length > (command.positionals ?? 0)) {
      throw new Error(`unexpected argument "${parsed.positionals[command.positionals ?? 0]}"`);
    }
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\nusage: pnpm cg ${command.usage}`);
    return 2;
  }
  let config: ServerConfig;
  try {
    config = loadServerConfig(env);
  } catch (error) {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
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
    await command.run({ ...parsed, env, config, database: open, out, err });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`usage: pnpm cg ${command.usage}`);
      return 2;
    }
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Output piped into a reader that stops early (`| head`): the rest is not wanted, which is no failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2));
}
