/**
 * The redirect URI with response parameters added to its query (RFC 6749 §4.1.2: an existing
 * query is kept as registered, byte for byte; a fragment never carries them). Values that are
 * undefined are left out.
 */
export function clientRedirect(redirectUri: string, params: Record<string, string | undefined>): string {
  const hash = redirectUri.indexOf('#');
  const base = hash < 0 ? redirectUri : redirectUri.slice(0, hash);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, value);
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${query.toString()}`;
}
