/**
 * The client address of a request: the socket's peer, or — only when TRUST_PROXY is on — the last
 * X-Forwarded-For entry, i.e. the address the proxy in front of us saw (earlier entries are client-supplied).
 */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { expandIPv6 } from '../receipts/minimise-ip.js';
import { requestHeader } from './request-header.js';

export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = requestHeader(c, 'x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    // Some proxies append the port: "203.0.113.5:4711", "[2001:db8::1]:443".
    if (last) return /^\[([^\]]+)\](?::\d+)?$/.exec(last)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(last)?.[1] ?? last;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

/**
 * The client a limit counts against: an IPv4 address as it is, an IPv6 address by its /64. One subscriber (one host,
 * even) holds a whole /64 and may send from any of its 2^64 addresses, so counting single IPv6 addresses would give
 * it unlimited attempts.
 */
export function limitKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return mapped;
  const groups = ip.includes(':') ? expandIPv6(ip.replace(/%.*$/, '')) : undefined;
  return groups ? `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64` : ip;
}
