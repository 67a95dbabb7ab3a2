import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * The `iPlanetDirectoryPro` cookie set by a login (contract §1): whole site, not readable by
 * scripts, not sent on cross-site subrequests, and Secure when Mandate is served over TLS.
 */
export function ssoCookieOptions(amBaseUrl: string): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: amBaseUrl.startsWith('https:') };
}
