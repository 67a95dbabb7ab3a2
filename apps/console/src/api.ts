/**
 * Mandate's public REST APIs, as the console calls them: AM's REST login, sessions, and the
 * admin CREST API. The SSO token travels in AM's `iPlanetDirectoryPro` cookie, which the login
 * sets (HttpOnly, SameSite=Lax): the console never holds it, and every call is same-origin.
 */

/** `/am` from `/am/console/agents`: the AM base path the console was served under. */
export const AM_BASE = window.location.pathname.replace(/\/console(\/.*)?$/, '') || '/am';

export const Versions = {
  authenticate: 'resource=2.0, protocol=1.0',
  sessions: 'resource=2.0, protocol=1.0',
  provider: 'protocol=1.0,resource=1.0',
  OAuth2Client: 'resource=1.0',
  AIAgent: 'resource=2.0',
  scripts: 'resource=1.1',
  identities: 'protocol=2.1,resource=3.0',
  delegations: 'resource=2.0',
  audit: 'resource=1.0',
} as const;

/** A CREST error exactly as the server sent it (`{code, reason, message}`). */
export class CrestError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface QueryResult<T> {
  result: T[];
  resultCount: number;
}

/** One call: JSON in, JSON out; a non-2xx answer becomes a CrestError carrying the server's own words. */
export async function call<T>(method: string, path: string, version: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { 'Accept-API-Version': version, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  let res: Response;
  try {
    res = await fetch(`${AM_BASE}${path}`, init);
  } catch {
    throw new CrestError(0, 'Network Error', 'Mandate could not be reached');
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: number; reason?: string; message?: string; error?: string; error_description?: string };
    if (typeof e.message === 'string') throw new CrestError(e.code ?? res.status, e.reason ?? res.statusText, e.message);
    if (typeof e.error === 'string') throw new CrestError(res.status, e.error, e.error_description ?? e.error);
    throw new CrestError(res.status, res.statusText, text || `HTTP ${res.status}`);
  }
  return json as T;
}

/** `/json/realms/root/realms/alpha`; the root realm is `/json/realms/root`. */
export function realmJson(realm: string): string {
  const parts = realm.split('/').filter(Boolean);
  if (parts[0] === 'root') parts.shift();
  return `/json/realms/root${parts.map((p) => `/realms/${encodeURIComponent(p)}`).join('')}`;
}

export const enc = encodeURIComponent;

/** AM answers some values as `{inherited, value}`; the console edits the plain value. */
export function unwrap(sections: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, section] of Object.entries(sections)) {
    if (name.startsWith('_') || typeof section !== 'object' || section === null || Array.isArray(section)) continue;
    out[name] = {};
    for (const [k, v] of Object.entries(section as Record<string, unknown>)) {
      const wrapped = typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v && 'inherited' in v;
      out[name][k] = wrapped ? (v as { value: unknown }).value : v;
    }
  }
  return out;
}

/** A random secret from the browser's CSPRNG (crypto.getRandomValues), base64url, 32 bytes. */
export function generateSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const b64encode = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
export const b64decode = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
