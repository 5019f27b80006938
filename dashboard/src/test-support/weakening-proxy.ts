/**
 * A reverse proxy in front of the real server that does what compressing proxies (nginx with gzip, most CDNs) do to
 * an answer they compress: it marks the ETag weak (`W/"…"`). Everything else passes through unchanged.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startWeakeningProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const proxy = createServer((req, res) => {
    const target = new URL(req.url!, upstream);
    const forward = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      const etag = answer.headers.etag;
      if (etag && !etag.startsWith('W/')) answer.headers.etag = `W/${etag}`;
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => {
      proxy.closeAllConnections();
      return new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
