/**
 * AM addresses realms as `/realms/root` plus `/realms/<name>` per level
 * (`/realms/root/realms/alpha` is the realm `/alpha`). Top-level-realm URLs may omit the
 * realm entirely (`/json/authenticate`, `/oauth2/access_token`).
 */
export interface RealmInUrl {
  /** `/`, `/alpha`, `/alpha/child` */
  realm: string;
  /** The URL with the realm segments removed: `/am/oauth2/.well-known/openid-configuration`. */
  path: string;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * Splits `{prefix}/{json|oauth2}/realms/root/realms/a/rest` into realm `/a` and
 * `{prefix}/{json|oauth2}/rest`. URLs outside `json` and `oauth2` pass through untouched.
 * Returns undefined for a malformed realm path (`/realms/alpha` without `root`).
 */
export function splitRealmFromPath(urlPath: string, prefix: string): RealmInUrl | undefined {
  const base = prefix.replace(/\/+$/, '');
  if (!urlPath.startsWith(`${base}/`)) return { realm: '/', path: urlPath };
  const rest = urlPath.slice(base.length + 1).split('/');
  const area = rest[0];
  if (area !== 'json' && area !== 'oauth2') return { realm: '/', path: urlPath };
  let i = 1;
  const names: string[] = [];
  if (rest[i] === 'realms') {
    if (rest[i + 1] !== 'root') return undefined;
    i += 2;
    while (rest[i] === 'realms' && rest[i + 1] !== undefined) {
      const name = decodeURIComponent(rest[i + 1]);
      if (!SEGMENT.test(name)) return undefined;
      names.push(name);
      i += 2;
    }
  }
  const tail = rest.slice(i).join('/');
  return { realm: `/${names.join('/')}`, path: `${base}/${area}${tail ? `/${tail}` : ''}` };
}

/**
 * A realm's issuer (contract §1): `{AM_BASE_URL}/oauth2/realms/root/realms/<realm>`, built from the
 * configured base URL, never from the Host header. The one place the issuer URL is made.
 */
export function realmIssuer(baseUrl: string, realm: string): string {
  return `${baseUrl}/oauth2${realmUrlSegment(realm)}`;
}

/** `/alpha/child` → `/realms/root/realms/alpha/realms/child`; `/` → `/realms/root`. */
export function realmUrlSegment(realm: string): string {
  const names = realm.split('/').filter(Boolean);
  return ['/realms/root', ...names.map((n) => `/realms/${encodeURIComponent(n)}`)].join('');
}
