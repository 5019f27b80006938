import { configDefaults, defineConfig } from 'vitest/config';

// `*.postgres.test.ts` need real PostgreSQL whatever the project (outages, locks, a second cluster): they run once,
// in server-postgres.
const serverProject = (db: 'pglite' | 'postgres') => ({
  test: {
    name: `server-${db}`,
    root: './server',
    include: ['src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(db === 'pglite' ? ['src/**/*.postgres.test.ts'] : [])],
    environment: 'node',
    env: { CG_TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      serverProject('pglite'),
      serverProject('postgres'),
      './widget',
      './dashboard',
      {
        test: {
          name: 'demo',
          root: './demo',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: './tests',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // After all others: `pnpm start` rebuilds the widget and dashboard files the other projects serve.
        test: {
          name: 'start',
          root: './tests',
          include: ['start/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 1 },
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
