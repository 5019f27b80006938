import { describe, expect, it } from 'vitest';
import { minimiseIp } from './minimise-ip.js';

describe('minimiseIp', () => {
  it('keeps only the /24 of an IPv4 address, also when mapped into IPv6', () => {
    expect(minimiseIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(minimiseIp('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
  });
  it('keeps only the /48 of an IPv6 address, written in its canonical form (RFC 5952)', () => {
    expect(minimiseIp('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd::/48');
    expect(minimiseIp('2001:DB8::1')).toBe('2001:db8::/48');
    expect(minimiseIp('2001:0:5:6::1')).toBe('2001:0:5::/48');
    expect(minimiseIp('::1')).toBe('::/48');
    expect(minimiseIp('fe80::1%eth0')).toBe('fe80::/48');
  });
  it('stores nothing for what is not an address', () => {
    expect(minimiseIp(null)).toBeNull();
    expect(minimiseIp('unknown')).toBeNull();
    expect(minimiseIp('1.2.3')).toBeNull();
  });
});
