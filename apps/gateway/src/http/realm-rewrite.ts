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

/**
 * Fastify `rewriteUrl`: AM nests realms in the path (`/oauth2/realms/root/realms/alpha/...`).
 * Routes are declared once, realm-free; the realm travels beside the request.
 */
export function realmRewriter(prefix: string) {
  return (req: IncomingMessage): string => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q);
    const split = splitRealmFromPath(path, prefix);
    (req as RealmAwareRequest).mandateRealm = split ? split.realm : null;
    return (split ? split.path : path) + query;
  };
}
