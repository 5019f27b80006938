/**
 * The demo sites as a Hono sub-app, mounted under /demo by start-demo.ts: the two sites' pages, the stand-in tracker
 * and chat scripts, and the collector their hits go to.
 */
import { Hono, type Context } from 'hono';
import { serveDemoFile } from './static-files.js';
import { TrackerCollector } from './tracker-collector.js';

export function createDemoApp(collector = new TrackerCollector()): Hono {
  const app = new Hono();

  // Beacons (sendBeacon POSTs) and image pixels (GET) both count; the answer is empty like a real collector's.
  const collect = (c: Context) => {
    collector.record(new URL(c.req.url).searchParams);
    return c.body(null, 204);
  };
  app.get('/collect', collect);
  app.post('/collect', collect);
  app.get('/collect/hits', (c) => c.json({ hits: collector.list() }, 200, { 'Cache-Control': 'no-store' }));

  app.get('/shop', (c) => c.redirect('/demo/shop/'));
  app.get('/b2b', (c) => c.redirect('/demo/b2b/'));
  app.get('/*', (c) => serveDemoFile(c, c.req.path.replace(/^\/demo\/?/, '')));
  return app;
}
