/** Deletes cookies of refused services: exact names and RegExp patterns, on the host and every parent domain. */
import Cookies from 'js-cookie';
import type { CookieDeclaration } from '@consentgate/shared/schemas';

/** `a.b.example.com` → [a.b.example.com, b.example.com, example.com] (never the bare TLD). */
function domains(host: string): string[] {
  const parts = host.split('.');
  return parts.slice(1).map((_, i) => parts.slice(i).join('.'));
}

export function deleteCookies(declared: CookieDeclaration[]): string[] {
  const present = Object.keys(Cookies.get());
  const doomed = present.filter((name) =>
    declared.some((c) => (c.pattern ? safeRegExp(c.name)?.test(name) : c.name == name)),
  );
  for (const name of doomed) {
    Cookies.remove(name, { path: '/' });
    for (const domain of domains(location.hostname)) Cookies.remove(name, { path: '/', domain });
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
