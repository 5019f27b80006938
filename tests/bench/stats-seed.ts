/**
 * Seeds receipts for the stats benchmark straight in SQL (generate_series, no HTTP): BENCH_RECEIPTS rows (default
 * 10 million) spread over the last BENCH_DAYS days (default 90) and over a few sites, with a realistic mix of
 * choices. Rows have the full receipt shape (claims as the server builds them, categories, services, Consent Mode
 * state), but the signature is a placeholder: signing millions of rows would measure Ed25519, not the statistics.
 *
 * For speed the receipts table's primary key and indexes are dropped during the load and rebuilt afterwards with
 * their exact definitions (sorted builds instead of millions of random B-tree inserts). The append-only trigger
 * only refuses UPDATE, so inserts pass; the foreign key to sites is kept (the sites exist first).
 *
 * Run alone: `DATABASE_URL=postgres://…/db tsx bench/stats-seed.ts` (a migrated database; the sites are created).
 */
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { SiteConsentConfigInput } from '@consentgate/shared';

export interface SeedSite {
  id: string;
  configHash: string;
  /** Share of all receipts. */
  weight: number;
}

export interface SeedOptions {
  receipts: number;
  days: number;
  sites: SeedSite[];
  /** Rows per INSERT statement (one time slice each; progress granularity). */
  chunk?: number;
  log?: (line: string) => void;
}

/**
 * The consent config of the bench sites. Seeded receipts decide exactly these categories and only these services, as
 * the server demands of a receipt; the demo shop declares the same categories and services too.
 */
export const BENCH_CONSENT_CONFIG: SiteConsentConfigInput = {
  categories: [{ id: 'necessary', required: true }, { id: 'preferences' }, { id: 'analytics' }, { id: 'marketing', optOutOnGpc: true }],
  services: [
    { id: 'etracker', name: 'etracker Analytics', category: 'analytics' },
    { id: 'whatsapp', name: 'WhatsApp chat', category: 'marketing' },
  ],
};

export const BENCH_SITES: Array<Omit<SeedSite, 'configHash'> & { name: string }> = [
  { id: 'shop', name: 'Bench shop', weight: 0.6 },
  { id: 'b2b', name: 'Bench B2B', weight: 0.3 },
  { id: 'blog', name: 'Bench blog', weight: 0.1 },
];

interface IndexDef {
  name: string;
  definition: string;
  constraint: boolean;
}

/** The receipts table's primary key and secondary indexes, as SQL that recreates them. */
async function receiptIndexes(sql: postgres.Sql): Promise<IndexDef[]> {
  const rows = await sql<Array<{ name: string; definition: string; constraint: boolean }>>`
    select i.relname as name,
           coalesce('alter table receipts add constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid),
                    pg_get_indexdef(i.oid)) as definition,
           c.oid is not null as constraint
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
    where x.indrelid = 'receipts'::regclass`;
  return rows;
}

export async function seedReceipts(sql: postgres.Sql, options: SeedOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const chunk = options.chunk ?? 1_000_000;
  const total = options.sites.reduce((n, s) => n + s.weight, 0);
  const indexes = await receiptIndexes(sql);
  await sql.begin(async (tx) => {
    for (const index of indexes) {
      if (index.constraint) await tx.unsafe(`alter table receipts drop constraint "${index.name}"`);
      else await tx.unsafe(`drop index "${index.name}"`);
    }
  });
  // Time slices in order, each inserted sorted by time, sites mixed by weight: rows lie in the table in the order
  // the server would have written them, so "the receipts of the last minutes" are a few pages, as in production.
  let low = 0;
  const siteRanges = options.sites.map((site) => {
    const range = { id: site.id, config_hash: site.configHash, lo: low / total, hi: (low + site.weight) / total };
    low += site.weight;
    return range;
  });
  siteRanges[siteRanges.length - 1]!.hi = 1.0000001;
  const end = Date.now();
  const spanMs = options.days * 86_400_000;
  const slices = Math.max(1, Math.ceil(options.receipts / chunk));
  const started = Date.now();
  let done = 0;
  for (let k = 0; k < slices; k++) {
    const rows = Math.round(((k + 1) * options.receipts) / slices) - done;
    const sliceStart = new Date(end - spanMs + (k * spanMs) / slices).toISOString();
    const sliceMs = spanMs / slices;
    await sql.begin(async (tx) => {
      await tx`set local synchronous_commit = off`;
      await tx`
          insert into receipts (site_id, receipt_id, subject_id, created_at, policy_version, method, collection, gpc,
                                categories, claims, signature, proof, kid)
          select site_id, rid, sid, ts, 1, method::consent_method, collection::collection_point, gpc,
                 categories,
                 jsonb_build_object(
                   'schemaVersion', 1, 'receiptId', rid, 'siteId', site_id, 'subjectId', sid, 'policyVersion', 1,
                   'configHash', config_hash, 'method', method, 'collection', collection,
                   'categories', categories, 'services', services, 'gpc', gpc, 'locale', 'de',
                   'pageUrl', 'https://bench.example/products/', 'userAgent', 'Mozilla/5.0 (X11; Linux x86_64) Bench/1.0',
                   'ipNetwork', '203.0.113.0/24', 'clientTime', iso, 'serverTime', iso,
                   'validUntil', to_char((ts + interval '182 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'controller', jsonb_build_object('name', 'Bench GmbH', 'contact', 'privacy@bench.example'),
                   'policyUrl', 'https://bench.example/privacy', 'consentMode', consent_mode),
                 'eyJhbGciOiJFZERTQSIsImtpZCI6ImJlbmNoIn0..bench-placeholder-signature', '{"index":0,"path":[]}', 'bench'
          from (
            select s.id as site_id, s.config_hash, gen_random_uuid() as rid, gen_random_uuid() as sid, ts,
                   to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as iso,
                   method, collection, method = 'gpc' as gpc,
                   jsonb_build_object('necessary', true, 'preferences', pref, 'analytics', ana, 'marketing', mkt) as categories,
                   jsonb_build_object('etracker', ana, 'whatsapp', mkt) as services,
                   jsonb_build_object(
                     'analytics_storage', case when ana then 'granted' else 'denied' end,
                     'ad_storage', case when mkt then 'granted' else 'denied' end) as consent_mode
            from (
              select ts, rs, method,
                     case method when 'custom' then 'preferences' when 'gpc' then 'gpc' else 'banner' end as collection,
                     case method when 'accept-all' then true when 'custom' then r2 < 0.5 else false end as pref,
                     case method when 'accept-all' then true when 'custom' then r2 < 0.8 else false end as ana,
                     case method when 'accept-all' then true when 'custom' then r3 < 0.3 else false end as mkt
              from (
                select ${sliceStart}::timestamptz + random() * make_interval(secs => ${sliceMs / 1000}) as ts,
                       case when r < 0.55 then 'accept-all' when r < 0.75 then 'reject-all' when r < 0.90 then 'custom'
                            when r < 0.97 then 'gpc' else 'withdraw' end as method,
                       r2, r3, rs
                from (select random() as r, random() as r2, random() as r3, random() as rs from generate_series(1, ${rows})) g
              ) picked
            ) decided
            join jsonb_to_recordset(${JSON.stringify(siteRanges)}::text::jsonb) as s(id text, config_hash text, lo float8, hi float8)
              on decided.rs >= s.lo and decided.rs < s.hi
            order by ts
          ) generated`;
    });
    done += rows;
    const seconds = (Date.now() - started) / 1000;
    log(`  seeded ${done.toLocaleString('en')} receipts (${Math.round(done / seconds).toLocaleString('en')}/s)`);
  }
  const rebuild = Date.now();
  await sql`set maintenance_work_mem = '512MB'`;
  for (const index of indexes.sort((a, b) => Number(b.constraint) - Number(a.constraint))) await sql.unsafe(index.definition);
  log(`  rebuilt ${indexes.length} indexes in ${((Date.now() - rebuild) / 1000).toFixed(1)} s`);
  await sql`vacuum analyze receipts`;
}

// Run alone: seed into an existing database.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { createSite, getSite, openDatabase } = await import('@consentgate/server');
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = await openDatabase({ url, max: 2 });
  await database.migrate();
  const sites: SeedSite[] = [];
  for (const s of BENCH_SITES) {
    const site =
      (await getSite(database.db, s.id)) ??
      (await createSite(database.db, {
        id: s.id,
        name: s.name,
        allowedOrigins: [],
        config: BENCH_CONSENT_CONFIG,
      }));
    sites.push({ id: s.id, configHash: site.configHash, weight: s.weight });
  }
  await database.close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await seedReceipts(sql, { receipts: Number(process.env.BENCH_RECEIPTS ?? 10_000_000), days: Number(process.env.BENCH_DAYS ?? 90), sites, log: console.log });
  await sql.end();
}
