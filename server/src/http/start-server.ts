/**
 * Listens with @hono/node-server. `close()` stops accepting connections, lets in-flight requests finish
 * (idle keep-alive sockets are closed at once, busy ones after their current answer, which says `Connection: close`),
 * and resolves when the last one is done.
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { answerClientErrors } from './client-errors.js';

export interface StartServerOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  app: Hono<any, any, any>;
  port: number;
  host?: string | undefined;
  /** After this long, remaining connections are cut (default 10 s). */
  drainTimeoutMs?: number | undefined;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startServer({ app, port, host = '127.0.0.1', drainTimeoutMs = 10_000 }: StartServerOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
    server.keepAliveTimeout = 5_000;
    answerClientErrors(server);
    let draining = false;
    const inFlight = new Set<ServerResponse>();
    // While draining, every answer ends its connection: a busy keep-alive client would otherwise keep sending on it
    // (and be served) until the drain timeout cuts it mid-request.
    const endConnectionAfter = (res: ServerResponse) => {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      else res.once('finish', () => res.socket?.end());
    };
    server.on('request', (_req, res: ServerResponse) => {
      if (draining) return endConnectionAfter(res);
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    });
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close: () => {
          draining = true;
          for (const res of inFlight) endConnectionAfter(res);
          closing ??= new Promise<void>((done, fail) => {
            const timer = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
            timer.unref();
            server.close((err) => {
              clearTimeout(timer);
              if (err) fail(err);
              else done();
            });
            // Keep-alive sockets with no request in flight would hold close() open until they time out.
            server.closeIdleConnections();
          });
          return closing;
        },
      });
    });
  });
}
