/** Allowed origins are full origins (scheme://host[:port]) compared exactly, never hostnames. */
export function normalizeOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not an origin like https://example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${value}" must use http or https`);
  // Judged on the parsed URL, so a default port (https://x.example:443) or upper case simply normalise away.
  if (url.pathname !== '/' || url.search || url.hash || value.includes('?') || value.includes('#') || url.username || url.password) {
    throw new Error(`"${value}" must be an origin only (scheme://host[:port]), without path, query or credentials`);
  }
  return url.origin;
}

