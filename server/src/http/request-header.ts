/**
 * One request header, read without making @hono/node-server build a fetch `Headers` object for the request (it
 * does so on the first `c.req.header()` call, a measurable cost per receipt). Under Node the headers the HTTP
 * parser already produced are used; elsewhere (`app.request()` in tests) `c.req.header()`. `name` is lower case.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
