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
  build: { target: 'es2020', minify: true, emptyOutDir: false, reportCompressedSize: false },
};

function loaderAndEsm(): Plugin {
  const chunks = { ui: '', actions: '', locales: {} as Record<string, string> };
  return {
    name: 'consentgate-loader-and-esm',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type != 'chunk' || !file.isEntry) continue;
        if (file.name == 'ui' || file.name == 'actions') chunks[file.name] = `./${file.fileName}`;
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

export default defineConfig({
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), loaderAndEsm()],
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: Object.fromEntries([['ui', 'src/ui/mount.tsx'], ['actions', 'src/actions.ts'], ...LOCALES.map((l) => [l, `src/i18n/${l}.ts`])]),
      preserveEntrySignatures: 'exports-only',
      output: { format: 'es', entryFileNames: 'chunks/[name]-[hash].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
