import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../db/test-database.js';
import { openAppFixture, type AppFixture } from '../testing/app-fixture.js';

let f: AppFixture;
beforeAll(async () => {
  f = await openAppFixture();
});
afterAll(async () => {
  await f?.close();
});

describe(`GET /.well-known/gpc.json (${testDbKind()})`, () => {
  it('declares that the host honours Global Privacy Control, readable from any origin', async () => {
    const res = await f.app.request('/.well-known/gpc.json', { headers: { origin: 'https://checker.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { gpc: unknown; lastUpdate: unknown };
    expect(body.gpc).toBe(true);
    expect(body.lastUpdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number.isNaN(Date.parse(body.lastUpdate as string))).toBe(false);
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = (await (await f.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/.well-known/gpc.json');
  });
});
