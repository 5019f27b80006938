import { defineConfig } from 'vitest/config';
import { JSX } from './vite.config.js';

export default defineConfig({
  oxc: JSX,
  test: {
    name: 'widget',
    root: import.meta.dirname,
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // Released scripts must really run: happy-dom evaluates scripts only when told to.
    environmentOptions: { happyDOM: { url: 'http://www.shop.example/shop/', settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true, enableIframePageLoading: true } } },
    // The UI's stylesheet is imported `?inline`; tests read it from the shadow root.
    css: true,
    testTimeout: 15_000,
    // Each test file starts the real server (embedded PostgreSQL) in a child process.
    hookTimeout: 60_000,
  },
});
