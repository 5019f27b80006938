/**
 * The client address of a request: the socket's peer, or — only when TRUST_PROXY is on — the last
 * X-Forwarded-For entry, i.e. the address the proxy in front of us saw (earlier entries are client-supplied).
 */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { requestHeader } from './request-header.js';

export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = requestHeader(c, 'x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
