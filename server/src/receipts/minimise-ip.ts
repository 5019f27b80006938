/**
 * Data minimisation: only the network of the client address is ever stored or signed
 * (IPv4 /24, IPv6 /48), never the address itself.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address without zone or embedded IPv4, or undefined. */
export function expandIPv6(ip: string): number[] | undefined {
  const [head = '', tail, ...extra] = ip.split('::');
  if (extra.length > 0) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const groups = [...left, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

export function minimiseIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) ip = mapped[1];
  if (isIPv4(ip)) {
    const [a, b, c] = ip.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  const zoneless = ip.replace(/%.*$/, '');
  if (isIPv6(zoneless) && !zoneless.includes('.')) {
    const groups = expandIPv6(zoneless);
    if (!groups) return null;
    // The WHATWG URL parser writes an IPv6 address in its canonical RFC 5952 form (longest zero run as "::").
    const network = [...groups.slice(0, 3), 0, 0, 0, 0, 0].map((g) => g.toString(16)).join(':');
    return `${new URL(`http://[${network}]`).hostname.slice(1, -1)}/48`;
  }
  return null;
}
