import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

/** The dashboard is served by the ConsentGate server at /admin/ (server/src/dashboard/dashboard-files.ts). */
export default defineConfig({
  base: '/admin/',
  logLevel: 'warn',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, reportCompressedSize: false },
  server: { proxy: { '/v1': 'http://127.0.0.1:8787' } },
});
