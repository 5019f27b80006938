/**
 * Whether the visitor's browser reached us over https: the server's public URL says so, the request itself came
 * over TLS, or — only when TRUST_PROXY is on — the proxy in front of us says it did (X-Forwarded-Proto).
 */
import type { Context } from 'hono';
import type { ServerConfig } from '../config.js';
import { requestHeader } from './request-header.js';

export function isHttps(c: Context, config: Pick<ServerConfig, 'publicUrl' | 'trustProxy'>): boolean {
  if (config.publicUrl.startsWith('https:') || c.req.url.startsWith('https:')) return true;
  return config.trustProxy && requestHeader(c, 'x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
