/**
 * Three outputs in one `vite build`:
 *  1. dist/chunks/: the Preact UI and one module per language (ES modules, hashed names, loaded with `import()`);
 *  2. dist/consent.js: the classic-script loader (IIFE), told the chunk names at build time;
 *  3. dist/esm/: the ESM entry for bundler users (preact and js-cookie stay external).
 */
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl'];
const root = import.meta.dirname;

const shared: InlineConfig = {
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: { target: 'es2022', minify: true, emptyOutDir: false, reportCompressedSize: false },
};

function loaderAndEsm(): Plugin {
  const chunks = { ui: '', actions: '', placeholders: '', locales: {} as Record<string, string> };
  return {
    name: 'consentgate-loader-and-esm',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type != 'chunk' || !file.isEntry) continue;
        if (file.name == 'ui' || file.name == 'actions' || file.name == 'placeholders') chunks[file.name] = `./${file.fileName}`;
        else chunks.locales[file.name] = `./${file.fileName}`;
      }
    },
    async closeBundle() {
      await build({
        ...shared,
        define: { __CG_CHUNKS__: JSON.stringify(chunks) },
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
  plugins: [noPreloadHelper(), preact({ devToolsEnabled: false, prefreshEnabled: false }), loaderAndEsm()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries([['ui', 'src/ui/mount.tsx'], ['actions', 'src/actions.ts'], ['placeholders', 'src/blocking/iframe-placeholders.ts'], ...LOCALES.map((l) => [l, `src/i18n/${l}.ts`])]),
      // 'allow-extension' lets Preact stay inside the UI entry chunk, which the lazy history chunk then imports from.
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: 'chunks/[name]-[hash].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
