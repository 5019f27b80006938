/**
 * Draining on close: a keep-alive client's connection is ended after its current answer (which says
 * `Connection: close`), so close() finishes as soon as the answers are out, not when keep-alive times out.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { startServer } from './start-server.js';

function get(url: string, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    })
      .on('error', reject)
      .end();
  });
}

describe('server drain', () => {
  it('ends keep-alive connections after their answer once closing, and finishes well before keep-alive would', async () => {
    const app = new Hono();
    app.get('/slow', async (c) => {
      await new Promise((r) => setTimeout(r, 300));
      return c.text('done');
    });
    app.get('/fast', (c) => c.text('ok'));
    const server = await startServer({ app, port: 0, drainTimeoutMs: 20_000 });
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    try {
      expect((await get(`${server.url}/fast`, agent)).connection).toBe('keep-alive');
      const inFlight = get(`${server.url}/slow`, agent);
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      const closed = server.close();
      const answer = await inFlight;
      expect(answer).toEqual({ status: 200, connection: 'close' });
      await closed;
      // Keep-alive would have held the connection (and close()) for 5 s.
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      agent.destroy();
    }
  });
});

/** Sends raw bytes and reads the whole answer (the server ends the connection after it). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests Node refuses before the app', () => {
  it('answer in the usual JSON error shape, and the server goes on serving', async () => {
    const app = new Hono();
    app.get('/ok', (c) => c.text('ok'));
    const server = await startServer({ app, port: 0 });
    try {
      const big = await raw(server.port, `GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      expect(big).toContain('Content-Type: application/json');
      expect(JSON.parse(big.split('\r\n\r\n')[1]!)).toEqual({
        error: { code: 'bad_request', message: 'the request headers are larger than 16 KiB' },
      });
      const garbage = await raw(server.port, 'HELLO THERE\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(JSON.parse(garbage.split('\r\n\r\n')[1]!)).toMatchObject({ error: { code: 'bad_request', message: 'the request is not valid HTTP' } });
      expect(await (await fetch(`${server.url}/ok`)).text()).toBe('ok');
    } finally {
      await server.close();
    }
  });
});
