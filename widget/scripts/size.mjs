/**
 * Size budget of the built widget (run `pnpm build` first). Prints gzip and brotli bytes of
 *  (a) a first visit: consent.js + what the banner and a choice need (the UI chunk with its CSS and the choice/receipt
 *      code, every static import included). The texts arrive with the site config the widget fetches anyway;
 *  (b) without a budget, a first visit on a site with an inline config (`window.consentgateConfig`, no server): (a)
 *      plus the built-in first-layer texts of one language (the largest is counted);
 *  (c) a returning visit: what executes before allowed scripts run — consent.js alone;
 * and, without a budget, what the on-demand layers add: the preference centre (its chunk and CSS; with an inline
 * config also the rest of the texts), the visitor's consent history, and the placeholders of blocked iframes.
 * Exits 1 when a budget is exceeded or the build is missing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const KB = 1024;
const BUDGET = { first: 12.5 * KB, returning: 4.25 * KB };
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl'];
const dist = join(import.meta.dirname, '..', 'dist');

function read(file) {
  try {
    return readFileSync(join(dist, file));
  } catch {
    console.error(`missing ${file}: run \`pnpm --filter @consentgate/widget build\` first`);
    process.exit(1);
  }
}
const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;
const brotli = (buffer) => brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const loader = read('consent.js').toString();
// The chunks live in dist/chunks/<build id>/, and consent.js names that folder: what is counted is what it loads.
const builds = readdirSync(join(dist, 'chunks'));
if (builds.length != 1 || !loader.includes(`./chunks/${builds[0]}/`)) {
  console.error('expected one chunk folder in dist/chunks, named in consent.js');
  process.exit(1);
}
const chunkFiles = readdirSync(join(dist, 'chunks', builds[0]));
const named = (name) => {
  if (!chunkFiles.includes(`${name}.js`)) {
    console.error(`missing chunk ${name}.js`);
    process.exit(1);
  }
  return `${name}.js`;
};
const chunk = (file) => `chunks/${builds[0]}/${file}`;
const staticImports = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, dep] of read(chunk(file)).toString().matchAll(/from\s*["']\.\/([^"']+)["']/g)) staticImports(dep, seen);
  return seen;
};
const dynamicImport = (file, name) => {
  const match = read(chunk(file)).toString().match(new RegExp(`import\\(\\s*["'\`]\\./(${name}\\.js)`));
  if (!match) {
    console.error(`${file} does not load the ${name} chunk on demand`);
    process.exit(1);
  }
  return match[1];
};
const largest = (files) => files.sort((a, b) => gzip(read(chunk(b))) - gzip(read(chunk(a))))[0];

const ui = named('ui');
const placeholders = named('placeholders');
const banner = LANGUAGES.map(named);
const more = LANGUAGES.map((l) => named(`${l}-more`));
const preferences = dynamicImport(ui, 'preferences');
const history = dynamicImport(preferences, 'history');
const without = (list, counted) => list.filter((f) => !counted.has(f));

const firstVisit = new Set(staticImports(ui));
const files = (list) => list.map((f) => ({ name: f, gzip: gzip(read(f)), brotli: brotli(read(f)) }));
const rows = [
  { label: 'first visit (banner, then a choice)', budget: BUDGET.first, files: files(['consent.js', ...[...firstVisit].map(chunk)]) },
  {
    // Reported, not budgeted: the budget is for the standard install (data-site, config and texts from the server).
    label: 'first visit, inline config (no server)',
    files: files(['consent.js', ...[...firstVisit, largest(banner)].map(chunk)]),
  },
  { label: 'returning visit', budget: BUDGET.returning, files: files(['consent.js']) },
  {
    label: '+ preference centre, when opened (with an inline config: + the rest of the texts)',
    files: files([...without([...staticImports(preferences)], firstVisit), largest(more)].map(chunk)),
  },
  { label: '+ consent history, when opened', files: files(without([...staticImports(history)], firstVisit).map(chunk)) },
  { label: '+ pages with a blocked iframe', files: files([chunk(placeholders)]) },
];

let failed = false;
for (const row of rows) {
  const total = (key) => row.files.reduce((sum, f) => sum + f[key], 0);
  const ok = row.budget === undefined || total('gzip') <= row.budget;
  failed ||= !ok;
  const budget = row.budget === undefined ? '' : ` (budget ${row.budget} B gzip) ${ok ? 'ok' : 'OVER BUDGET'}`;
  console.log(`${row.label}: ${total('gzip')} B gzip, ${total('brotli')} B brotli${budget}`);
  for (const f of row.files) console.log(`  ${f.name.padEnd(34)} ${String(f.gzip).padStart(6)} gzip ${String(f.brotli).padStart(6)} brotli`);
}
process.exit(failed ? 1 : 0);
