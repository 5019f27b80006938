/**
 * Three outputs in one `vite build`:
 *  1. dist/chunks/<build id>/: the UI (with the choice/receipt code), its on-demand layers, the iframe placeholders and
 *     two modules per language (ES modules loaded with `import()`). The folder is named by a hash of all of them, so
 *     they can be cached for a year and the loader needs only that one name;
 *  2. dist/consent.js: the classic-script loader (IIFE), told the build id at build time;
 *  3. dist/esm/: the ESM entry for bundler users (preact and js-cookie stay external).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'];
const root = import.meta.dirname;

/**
 * Classic JSX (`h(type, props, ...children)`): Preact's `h` is already in the UI chunk, while the automatic runtime
 * would add preact/jsx-runtime and a `children` array to every element. Each .tsx file imports `h` (and `Fragment`).
 */
export const JSX = { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } } as const;

const shared: InlineConfig = {
  configFile: false,
  root,
  logLevel: 'warn',
  oxc: JSX,
  build: { target: 'es2022', minify: true, emptyOutDir: false, reportCompressedSize: false },
};

function loaderAndEsm(): Plugin {
  let buildId = '';
  return {
    name: 'consentgate-loader-and-esm',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      for (const file of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
        hash.update(file.fileName).update(file.type == 'chunk' ? file.code : file.source);
      }
      buildId = hash.digest('hex').slice(0, 8);
    },
    async closeBundle() {
      const chunks = join(root, 'dist', 'chunks');
      mkdirSync(join(chunks, buildId));
      for (const file of readdirSync(chunks)) if (file.endsWith('.js')) renameSync(join(chunks, file), join(chunks, buildId, file));
      await build({
        ...shared,
        define: { __CG_CHUNKS__: JSON.stringify(`./chunks/${buildId}/`) },
        build: {
          ...shared.build,
          lib: { entry: 'src/loader.ts', formats: ['iife'], name: 'ConsentGateLoader', fileName: () => 'consent.js' },
        },
      });
      await build({
        ...shared,
        build: {
          ...shared.build,
          outDir: 'dist/esm',
          minify: false,
          lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'index' },
          rolldownOptions: { external: [/^preact/, 'js-cookie'] },
        },
      });
    },
  };
}

/**
 * Vite wraps every `import()` in a module-preload helper (≈ 0.7 KB gzip) even with `modulePreload: false`.
 * Our lazy chunks (preference centre, history) import nothing that needs preloading, so the wrapper just calls through.
 */
function noPreloadHelper(): Plugin {
  return {
    name: 'consentgate-no-preload-helper',
    enforce: 'pre',
    load(id) {
      if (id == '\0vite/preload-helper.js') return 'export const __vitePreload = (load) => load();';
    },
  };
}

export default defineConfig({
  plugins: [noPreloadHelper(), loaderAndEsm()],
  oxc: JSX,
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries([['ui', 'src/ui-chunk.ts'], ['placeholders', 'src/blocking/iframe-placeholders.ts'], ...LOCALES.flatMap((l) => [[l, `../shared/src/i18n/${l}.ts`], [`${l}-more`, `../shared/src/i18n/${l}-more.ts`]])]),
      // 'allow-extension' lets Preact stay inside the UI entry chunk, which the lazy history chunk then imports from.
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: 'chunks/[name].js',
        chunkFileNames: 'chunks/[name].js',
      },
    },
  },
});
