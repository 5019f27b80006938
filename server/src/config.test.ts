import { describe, expect, it } from 'vitest';
import { loadServerConfig } from './config.js';

describe('server settings', () => {
  it('refuses timer settings Node cannot wait for (they would fire after 1 ms) and ports beyond 65535', () => {
    for (const name of ['CG_INGEST_TIMEOUT_MS', 'CG_PURGE_INTERVAL_MS', 'CG_STATS_ROLLUP_MS', 'CG_RATE_LIMIT_WINDOW_MS']) {
      expect(() => loadServerConfig({ [name]: '3000000000' }), name).toThrow(`${name} must be at most 2147483647, got "3000000000"`);
      expect(() => loadServerConfig({ [name]: '2147483647' }), name).not.toThrow();
    }
    expect(() => loadServerConfig({ PORT: '70000' })).toThrow('PORT must be at most 65535');
    expect(loadServerConfig({}).ingestTimeoutMs).toBe(10_000);
  });
});
