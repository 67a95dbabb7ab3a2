/** How long a fetched document is used without asking again (draft §4.3 "Metadata Caching": the AS should respect HTTP cache headers). */
export interface CacheBounds {
  /** Seconds. Every document is kept at least this long, so that /authorize and the token request of one flow fetch once, and a client cannot make every request a fetch. */
  floor: number;
  /** Seconds. No document is kept longer: a changed redirect URI or name is seen within this time. */
  ceiling: number;
  /** Seconds, for a response that says nothing (no max-age, no Expires). */
  fallback: number;
}

export const CACHE_BOUNDS: CacheBounds = { floor: 60, ceiling: 24 * 3600, fallback: 300 };

/**
 * RFC 9111 freshness for a private cache, bounded: `no-store` / `no-cache` → the floor;
 * `max-age` (§5.2.2.1) wins over `Expires` (§5.3, relative to `Date` when sent), less `Age`
 * (§5.1); neither → the fallback. The result is clamped to [floor, ceiling]. `s-maxage` is for
 * shared caches and ignored (§5.2.2.10).
 */
export function cacheLifetimeSeconds(headers: { cacheControl?: string; expires?: string; date?: string; age?: string }, bounds: CacheBounds = CACHE_BOUNDS, now = Date.now()): number {
  const clamp = (s: number) => Math.min(bounds.ceiling, Math.max(bounds.floor, Math.floor(s)));
  const directives = parseCacheControl(headers.cacheControl);
  if (directives.has('no-store') || directives.has('no-cache')) return bounds.floor;
  const age = nonNegativeInt(headers.age) ?? 0;
  const maxAge = nonNegativeInt(directives.get('max-age'));
  if (maxAge !== undefined) return clamp(maxAge - age);
  if (headers.expires !== undefined) {
    const expires = Date.parse(headers.expires);
    // RFC 9111 §5.3: an invalid Expires (e.g. "0") means already expired.
    if (Number.isNaN(expires)) return bounds.floor;
    const date = headers.date !== undefined && !Number.isNaN(Date.parse(headers.date)) ? Date.parse(headers.date) : now;
    return clamp((expires - date) / 1000 - age);
  }
  return clamp(bounds.fallback);
}

function parseCacheControl(value: string | undefined): Map<string, string | undefined> {
  const directives = new Map<string, string | undefined>();
  for (const part of (value ?? '').split(',')) {
    const [name, raw] = part.split('=', 2).map((s) => s.trim());
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, raw?.replace(/^"(.*)"$/, '$1'));
  }
  return directives;
}

function nonNegativeInt(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}
