/**
 * Size budget of the built widget (run `pnpm build` first). Prints gzip and brotli bytes of
 *  (a) a first visit: consent.js + the chunks the banner needs (UI with its CSS, the decision/receipt code, one
 *      language; the largest language is counted) and
 *  (b) a returning visit: what executes before allowed scripts run — consent.js alone.
 * Exits 1 when a budget is exceeded or the build is missing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const KB = 1024;
const BUDGET = { first: 12 * KB, returning: 4 * KB };
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

const loader = read('consent.js');
// The loader names its chunks; every name it mentions under chunks/ is part of what it can load.
const chunkFiles = readdirSync(join(dist, 'chunks'));
const mentioned = (prefix) => chunkFiles.filter((f) => f.startsWith(`${prefix}-`) && loader.includes(`chunks/${f}`));
const staticImports = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, dep] of read(`chunks/${file}`).toString().matchAll(/from\s*["']\.\/([^"']+)["']/g)) staticImports(dep, seen);
  return seen;
};
const firstVisitChunks = new Set([...mentioned('ui'), ...mentioned('actions')].flatMap((f) => [...staticImports(f)]));
const languages = ['en', 'de', 'fr', 'es', 'it', 'nl'].flatMap(mentioned);
if (!firstVisitChunks.size || languages.length != 6) {
  console.error('consent.js does not name its UI, actions and six language chunks');
  process.exit(1);
}
const largestLanguage = languages.sort((a, b) => gzip(read(`chunks/${b}`)) - gzip(read(`chunks/${a}`)))[0];

const files = (list) => list.map((f) => ({ name: f, gzip: gzip(read(f)), brotli: brotli(read(f)) }));
const rows = [
  { label: 'first visit', budget: BUDGET.first, files: files(['consent.js', ...[...firstVisitChunks, largestLanguage].map((f) => `chunks/${f}`)]) },
  { label: 'returning visit', budget: BUDGET.returning, files: files(['consent.js']) },
];

let failed = false;
for (const row of rows) {
  const total = (key) => row.files.reduce((sum, f) => sum + f[key], 0);
  const ok = total('gzip') <= row.budget;
  failed ||= !ok;
  console.log(`${row.label}: ${total('gzip')} B gzip, ${total('brotli')} B brotli (budget ${row.budget} B gzip) ${ok ? 'ok' : 'OVER BUDGET'}`);
  for (const f of row.files) console.log(`  ${f.name.padEnd(34)} ${String(f.gzip).padStart(6)} gzip ${String(f.brotli).padStart(6)} brotli`);
}
process.exit(failed ? 1 : 0);
