import { describe, expect, it } from 'vitest';
import { KNOWN_SERVICES } from './catalogue.js';
import { cookieLabel } from './cookie-label.js';

describe('cookieLabel', () => {
  it('reads a cookie pattern as a wildcard, and leaves names and patterns with no simple reading as written', () => {
    const labels = KNOWN_SERVICES.flatMap((service) => service.cookies.map(cookieLabel));
    expect(labels).toEqual(expect.arrayContaining(['_ga*', '_gid', '_gat*', '_hj*', '_pk_id.*', '_pk_ses.*', '_et_coid']));
    expect(labels.filter((label) => /[\^$\\()]/.test(label))).toEqual([]);
    expect(cookieLabel({ name: '^(a|b)_id$', pattern: true })).toBe('(a|b)_id');
    expect(cookieLabel({ name: 'plain$name', pattern: false })).toBe('plain$name');
  });
});
