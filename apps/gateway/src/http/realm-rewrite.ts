import type { IncomingMessage } from 'node:http';
import { splitRealmFromPath } from '@mandate/oauth';

/** What the gateway learnt of the realm from the URL, kept on the raw request. */
export interface RealmAwareRequest extends IncomingMessage {
  /** `/alpha`; null when the URL names a realm in a malformed way. */
  mandateRealm?: string | null;
}

/** `/am` from `http://localhost:8080/am`: the path prefix of every public route. */
export function basePath(amBaseUrl: string): string {
  const path = new URL(amBaseUrl).pathname.replace(/\/+$/, '');
  return path || '/am';
}

const WELL_KNOWN_DOCUMENTS = ['oauth-authorization-server', 'openid-configuration'];

/**
 * RFC 8414 §3.1: a client that knows the issuer `{origin}/am/oauth2/realms/root/realms/alpha`
 * asks `{origin}/.well-known/oauth-authorization-server/am/oauth2/realms/root/realms/alpha`
 * (and the OpenID name in the same place). Returns the issuer-path form the routes serve,
 * `/am/oauth2/realms/root/realms/alpha/.well-known/…`, or undefined for any other path.
 */
function issuerPathForInsertedWellKnown(path: string, prefix: string): string | undefined {
  const match = /^\/\.well-known\/([a-z-]+)(\/.*)$/.exec(path);
  if (!match || !WELL_KNOWN_DOCUMENTS.includes(match[1])) return undefined;
  const issuerPath = match[2].replace(/\/+$/, '');
  const split = splitRealmFromPath(issuerPath, prefix);
  // Only an issuer itself (`{prefix}/oauth2` plus realm segments, nothing after) has metadata.
  if (!split || split.path !== `${prefix.replace(/\/+$/, '')}/oauth2`) return undefined;
  return `${issuerPath}/.well-known/${match[1]}`;
}

/**
 * Fastify `rewriteUrl`: AM nests realms in the path (`/oauth2/realms/root/realms/alpha/...`).
 * Routes are declared once, realm-free; the realm travels beside the request.
 */
export function realmRewriter(prefix: string) {
  return (req: IncomingMessage): string => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const requested = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q);
    const path = issuerPathForInsertedWellKnown(requested, prefix) ?? requested;
    const split = splitRealmFromPath(path, prefix);
    (req as RealmAwareRequest).mandateRealm = split ? split.realm : null;
    return (split ? split.path : path) + query;
  };
}
