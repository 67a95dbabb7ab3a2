import { InvalidClientError, OAuthError } from '@mandate/oauth';
import { type JSONWebKeySet, type JWTVerifyGetKey, createLocalJWKSet, errors } from 'jose';
import type { MetadataDocumentFetcher } from '../client-metadata/metadata-document.fetcher';

/** A fetched JWK Set is kept at most this many entries (the least recently fetched go first). */
const MAX_ENTRIES = 1000;
/** AM's defaults (`signEncOAuth2ClientConfig.jwksCacheTimeout`, `jwksCacheMissCacheTime`), in milliseconds. */
const DEFAULT_CACHE_MS = 3_600_000;
const DEFAULT_MISS_MS = 60_000;

/** The members of `signEncOAuth2ClientConfig` that say where a client's keys are (AM's names). */
export interface KeyLocation {
  publicKeyLocation?: unknown;
  jwkSet?: unknown;
  jwksUri?: unknown;
  jwksCacheTimeout?: unknown;
  jwksCacheMissCacheTime?: unknown;
}

interface Entry {
  keys: JSONWebKeySet;
  fetchedAt: number;
}

/**
 * A client's verification keys: `jwkSet` (`publicKeyLocation: jwks`, the JWK Set as JSON text,
 * as AM keeps it; DCR's `jwks`) or `jwksUri` (`publicKeyLocation: jwks_uri`; DCR's `jwks_uri`),
 * fetched through the SSRF-guarded fetcher of client metadata documents, kept
 * `jwksCacheTimeout` ms, and fetched again when no key matches an assertion's header (a rotated
 * key), at most once per `jwksCacheMissCacheTime` ms.
 */
export class ClientKeys {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();

  constructor(
    private readonly fetcher: Pick<MetadataDocumentFetcher, 'fetch'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The jose key resolver for one client, or `invalid_client` when it has no keys. */
  resolver(location: KeyLocation, clientId: string): JWTVerifyGetKey {
    const where = location.publicKeyLocation;
    const inline = nonEmpty(location.jwkSet) || (typeof location.jwkSet === 'object' && location.jwkSet !== null);
    if (where === 'jwks' || (where !== 'jwks_uri' && inline)) {
      if (!inline) throw new InvalidClientError(`client ${clientId} has no jwkSet`);
      return createLocalJWKSet(parseJwks(location.jwkSet, clientId));
    }
    if (!nonEmpty(location.jwksUri)) throw new InvalidClientError(`client ${clientId} has neither jwkSet nor jwksUri`);
    const url = location.jwksUri;
    const cacheMs = millis(location.jwksCacheTimeout, DEFAULT_CACHE_MS);
    const missMs = millis(location.jwksCacheMissCacheTime, DEFAULT_MISS_MS);
    return async (header, token) => {
      const entry = await this.entry(url, cacheMs, clientId);
      try {
        return await createLocalJWKSet(entry.keys)(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey) || this.clock() - entry.fetchedAt < missMs) throw error;
        const fresh = await this.load(url, clientId, true);
        return createLocalJWKSet(fresh.keys)(header, token);
      }
    };
  }

  private async entry(url: string, cacheMs: number, clientId: string): Promise<Entry> {
    const cached = this.entries.get(url);
    if (cached && this.clock() - cached.fetchedAt < cacheMs) return cached;
    return this.load(url, clientId, false);
  }

  private load(url: string, clientId: string, refetch: boolean): Promise<Entry> {
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.fetchKeys(url, clientId, refetch).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  private async fetchKeys(url: string, clientId: string, refetch: boolean): Promise<Entry> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InvalidClientError(`client ${clientId} jwksUri is not a URL`);
    }
    let body: string;
    try {
      ({ body } = await this.fetcher.fetch(parsed));
    } catch (error) {
      // On a refetch for an unknown kid, a host that is down leaves the keys already known.
      const known = this.entries.get(url);
      if (refetch && known) return known;
      const why = error instanceof OAuthError ? `${error.description}${error.detail ? ` (${error.detail})` : ''}` : (error as Error).message;
      throw new InvalidClientError(`client ${clientId} jwksUri could not be fetched: ${why}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new InvalidClientError(`client ${clientId} jwksUri is not JSON`);
    }
    const entry = { keys: parseJwks(json, clientId), fetchedAt: this.clock() };
    this.entries.delete(url);
    this.entries.set(url, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}

function parseJwks(value: unknown, clientId: string): JSONWebKeySet {
  let json = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      throw new InvalidClientError(`client ${clientId} jwkSet is not JSON`);
    }
  }
  if (!json || typeof json !== 'object' || !Array.isArray((json as { keys?: unknown }).keys)) throw new InvalidClientError(`client ${clientId} keys are not a JWK Set`);
  return json as JSONWebKeySet;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function millis(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
