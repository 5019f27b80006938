/**
 * Deletes cookies of refused services: exact names and RegExp patterns, on the host and every parent domain, and on
 * every path this page is under (a cookie is removed only with the path it was set with, which the page cannot read).
 */
import Cookies from 'js-cookie';
import type { CookieDeclaration } from '@consentgate/shared/schemas';

export function deleteCookies(declared: CookieDeclaration[]): string[] {
  const present = Object.keys(Cookies.get());
  const doomed = present.filter((name) =>
    declared.some((c) => (c.pattern ? safeRegExp(c.name)?.test(name) : c.name == name)),
  );
  // `a.b.example.com` → ['' (the host alone: no domain attribute), a.b.example.com, b.example.com, example.com]
  // (never the bare TLD).
  const parts = location.hostname.split('.');
  const domains = parts.map((_, i) => (i ? parts.slice(i - 1).join('.') : ''));
  // `/a/b` → [/, /a, /a/, /a/b, /a/b/]: every path a cookie visible on this page can have.
  const paths = ['/'];
  let path = '';
  for (const part of location.pathname.split('/').slice(1)) paths.push((path += '/' + part), path + '/');
  for (const name of doomed) {
    for (const path of paths) for (const domain of domains) Cookies.remove(name, { path, domain });
  }
  return doomed;
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    console.warn('ConsentGate: invalid cookie pattern', source);
    return undefined;
  }
}
