import type { CookieDeclaration } from './schemas.js';

/**
 * A cookie's name as visitors read it: a pattern becomes a wildcard (`^_ga(_.*)?$` → `_ga*`, `^_pk_id\..*$` →
 * `_pk_id.*`); what has no simple reading stays as written.
 */
export const cookieLabel = ({ name, pattern }: CookieDeclaration): string =>
  pattern ? name.replace(/^\^|\$$/g, '').replace(/\([^()|]*\)\?/g, '*').replace(/\.\*/g, '*').replace(/\\(.)/g, '$1') : name;
