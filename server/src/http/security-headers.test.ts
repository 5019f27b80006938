import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../db/test-database.js';
import { openAppFixture, type AppFixture } from '../testing/app-fixture.js';

describe(`Strict-Transport-Security (${testDbKind()})`, () => {
  let plain: AppFixture;
  let proxied: AppFixture;
  let public_: AppFixture;
  beforeAll(async () => {
    [plain, proxied, public_] = await Promise.all([
      openAppFixture(),
      openAppFixture({ TRUST_PROXY: 'true' }),
      openAppFixture({ PUBLIC_URL: 'https://consent.shop.example' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), proxied?.close(), public_?.close()]);
  });

  const hsts = async (f: AppFixture, url: string, headers: Record<string, string> = {}) =>
    (await f.app.request(url, { headers })).headers.get('strict-transport-security');

  it('is not sent over plain http, even when a client claims https without a trusted proxy', async () => {
    expect(await hsts(plain, 'http://127.0.0.1:8787/healthz')).toBeNull();
    expect(await hsts(plain, 'http://127.0.0.1:8787/healthz', { 'x-forwarded-proto': 'https' })).toBeNull();
  });

  it('is sent when the request came over https', async () => {
    expect(await hsts(plain, 'https://consent.shop.example/healthz')).toBe('max-age=15552000; includeSubDomains');
  });

  it('is sent behind a trusted proxy that says https, and not when it says http', async () => {
    expect(await hsts(proxied, 'http://10.0.0.5:8787/healthz', { 'x-forwarded-proto': 'https' })).toContain('max-age=');
    expect(await hsts(proxied, 'http://10.0.0.5:8787/healthz', { 'x-forwarded-proto': 'http' })).toBeNull();
  });

  it('is sent on every answer when the public URL is https (TLS ends before us)', async () => {
    expect(await hsts(public_, 'http://10.0.0.5:8787/v1/sites/shop/config')).toContain('max-age=');
    expect(await hsts(public_, 'http://10.0.0.5:8787/no-such-page')).toContain('max-age=');
  });
});
