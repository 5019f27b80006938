import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp } from '../app.js';
import { openDatabase } from '../db/client.js';
import { testDbKind } from '../db/test-database.js';
import { openAppFixture, type AppFixture } from '../testing/app-fixture.js';

let f: AppFixture;
let widgetDir: string;
beforeAll(async () => {
  f = await openAppFixture();
  widgetDir = mkdtempSync(join(tmpdir(), 'cg-widget-'));
});
afterAll(async () => {
  await f?.close();
  rmSync(widgetDir, { recursive: true, force: true });
});

describe(`operator endpoints (${testDbKind()})`, () => {
  it('reports liveness and readiness', async () => {
    expect(await (await f.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await f.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('is not ready while the database is read-only', async () => {
    // One connection, so a session setting covers every query: PGlite has only one, PostgreSQL gets a pool of one.
    // (A whole PostgreSQL database turned read-only, as after a failover, is in db/unavailable.postgres.test.ts.)
    const single = f.database.url ? await openDatabase({ url: f.database.url, max: 1 }) : f.database;
    const app = single === f.database ? f.app : createApp({ database: single, config: f.config });
    await single.db.execute(sql`set default_transaction_read_only = on`);
    try {
      const ready = await app.request('/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database is read-only' });
    } finally {
      await single.db.execute(sql`reset default_transaction_read_only`);
    }
    expect((await app.request('/readyz')).status).toBe(200);
    if (single !== f.database) await single.close();
  });

  it('publishes an OpenAPI 3.1 document describing the public routes', async () => {
    const res = await f.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/receipts', '/v1/sites/{siteId}/config', '/.well-known/jwks.json', '/healthz', '/readyz']),
    );
    expect(JSON.stringify(doc.paths['/v1/receipts'])).toContain('subjectSecret');
    expect(Object.keys(doc.paths)).toContain('/consent.js');
    const validator = new Validator();
    const checked = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(checked.errors ?? [], JSON.stringify(checked.errors)).toEqual([]);
    expect(checked.valid).toBe(true);
    // What clients act on is described as the server behaves: the locales a receipt may name, and when to retry.
    const receiptPost = doc.paths['/v1/receipts']!.post as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> };
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    expect(receiptPost.requestBody.content['application/json']!.schema.properties.locale?.enum).toEqual(['en', 'de', 'fr', 'es', 'it', 'nl']);
    expect(Object.keys(receiptPost.responses['429']!.headers ?? {})).toEqual(['Retry-After']);
    expect(Object.keys(receiptPost.responses['503']!.headers ?? {})).toEqual(['Retry-After']);
    // Every security scheme a route names is declared (else the document is not valid OpenAPI).
    const declared = Object.keys((doc as { components?: { securitySchemes?: object } }).components?.securitySchemes ?? {});
    const used = new Set(
      Object.values(doc.paths).flatMap((methods) =>
        Object.values(methods).flatMap((op) => ((op as { security?: Array<Record<string, unknown>> }).security ?? []).flatMap((s) => Object.keys(s))),
      ),
    );
    expect(used.size).toBeGreaterThan(0);
    for (const scheme of used) expect(declared).toContain(scheme);
  });

  it('answers unknown routes with the error shape, and a wrong method on a known path with 405 and Allow', async () => {
    const res = await f.app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    const wrong = await f.app.request('/v1/receipts');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    const config = await f.app.request('/v1/sites/shop/config', { method: 'POST' });
    expect(config.status).toBe(405);
    expect(config.headers.get('allow')).toBe('GET, HEAD');
    const head = await f.app.request('/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    const health = await f.app.request('/healthz', { method: 'DELETE' });
    expect(health.headers.get('allow')).toBe('GET, HEAD');
    expect(((await health.json()) as { error: { message: string } }).error.message).toBe('DELETE is not allowed on /healthz; use GET or HEAD');
  });

  it('says clearly that the widget is not built yet', async () => {
    const res = await f.app.request('/consent.js');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not built/);
  });

  it('serves the built widget files with CORS, ETag and the right cache lifetimes', async () => {
    mkdirSync(join(widgetDir, 'chunks', '3fa85f64'), { recursive: true });
    writeFileSync(join(widgetDir, 'consent.js'), 'console.log("loader")');
    writeFileSync(join(widgetDir, 'chunks', '3fa85f64', 'ui.js'), 'export const ui = 1');
    const app = createApp({ database: f.database, config: { ...f.config, widgetDir } });

    const loader = await app.request('/consent.js');
    expect(loader.status).toBe(200);
    expect(await loader.text()).toBe('console.log("loader")');
    expect(loader.headers.get('content-type')).toContain('text/javascript');
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = loader.headers.get('etag') ?? '';
    expect((await app.request('/consent.js', { headers: { 'if-none-match': etag } })).status).toBe(304);

    const chunk = await app.request('/chunks/3fa85f64/ui.js');
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toContain('immutable');
    expect((await app.request('/chunks/../../etc/passwd.js')).status).toBe(404);
    expect((await app.request('/chunks/3fa85f64/missing.js')).status).toBe(404);
  });

  it('serves a chunk path only as a file inside its chunk folder: encoded dot segments get 404, never immutable', async () => {
    mkdirSync(join(widgetDir, 'chunks', '3fa85f64'), { recursive: true });
    writeFileSync(join(widgetDir, 'consent.js'), 'console.log("loader")');
    writeFileSync(join(widgetDir, 'chunks', '3fa85f64', 'ui.js'), 'export const ui = 1');
    const app = createApp({ database: f.database, config: { ...f.config, widgetDir } });
    // What `curl --path-as-is` sends: the URL parser leaves encoded slashes alone, the server decodes them.
    for (const path of [
      '/chunks/3fa85f64/..%2f..%2fconsent.js',
      '/chunks/3fa85f64/%2e%2e%2f%2e%2e%2fconsent.js',
      '/chunks/3fa85f64/..%2fui.js',
      '/chunks/3fa85f64/.%2fui.js',
      '/chunks/ffffffff/..%2f3fa85f64%2fui.js',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control') ?? '', path).not.toContain('immutable');
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await app.request('/chunks/3fa85f64/ui.js')).status).toBe(200);
  });

  it('sends the widget compressed with brotli or gzip, whichever the browser accepts', async () => {
    const source = `window.x = ${JSON.stringify('consent '.repeat(500))};`;
    writeFileSync(join(widgetDir, 'consent.js'), source);
    const app = createApp({ database: f.database, config: { ...f.config, widgetDir } });
    const get = (acceptEncoding: string) => app.request('/consent.js', { headers: { 'accept-encoding': acceptEncoding } });

    const br = await get('gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(source.length / 10);
    expect(brotliDecompressSync(brBytes).toString()).toBe(source);

    const gzip = await get('gzip;q=1, br;q=0');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    // Different bytes, different ETags: a cache never answers a gzip request with brotli bytes.
    const identity = await get('identity');
    const etags = [br, gzip, identity].map((res) => res.headers.get('etag'));
    expect(new Set(etags).size).toBe(3);
    expect((await app.request('/consent.js', { headers: { 'accept-encoding': 'br', 'if-none-match': etags[0]! } })).status).toBe(304);
    expect((await app.request('/consent.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': etags[0]! } })).status).toBe(200);
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(source);

    const plain = await get('identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(source);
  });
});
