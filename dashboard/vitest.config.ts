import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  test: {
    name: 'dashboard',
    root: import.meta.dirname,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // One real ConsentGate server (real app, real embedded PostgreSQL) for all dashboard tests.
    globalSetup: ['src/test-support/admin-server.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
