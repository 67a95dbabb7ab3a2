import { lookup } from 'node:dns/promises';
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { type AddressPolicy, refusedAddress } from './address-policy';
import { MetadataDocumentError } from './metadata-document.error';

export interface FetchLimits {
  /** draft §6.5 ("Maximum Response Size"): 5 KiB is suggested. */
  maxBytes: number;
  /** Milliseconds to the TCP connection. */
  connectMs: number;
  /** Milliseconds for the whole exchange (DNS, TLS, headers, body); under RPC_TIMEOUT_MS, so a slow host fails as itself. */
  totalMs: number;
}

export const FETCH_LIMITS: FetchLimits = { maxBytes: 5 * 1024, connectMs: 2000, totalMs: 3000 };

export interface FetchedDocument {
  body: string;
  cacheControl?: string;
  expires?: string;
  date?: string;
  age?: string;
}

/** Resolves a host name to every address it has (the system resolver, as any Node client would). */
export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface FetcherOptions extends AddressPolicy {
  limits?: FetchLimits;
  resolve?: Resolver;
  /** Tests only: trust this CA (production uses the system's roots, plus NODE_EXTRA_CA_CERTS). */
  ca?: string;
}

/**
 * GET of a client ID metadata document, defended against SSRF (draft §6): Node's https client
 * (no library does all of this: undici's and got's hooks check the address but pool connections
 * per name, so a second lookup could differ) with
 * - https only (the URL was checked by parseClientIdUrl);
 * - the name resolved here, every address checked (refusedAddress), and the connection made to
 *   the first checked address with the name kept for SNI, certificate checks and Host: no second
 *   lookup, so no DNS rebinding between check and connect;
 * - no redirects followed (any 3xx is refused), only 200 accepted;
 * - a size cap (Content-Length, then counted while reading), a connect and a total time cap;
 * - no cookies, no credentials, no connection reuse (`agent: false`).
 */
export class MetadataDocumentFetcher {
  private readonly limits: FetchLimits;
  private readonly resolve: Resolver;

  constructor(private readonly options: FetcherOptions) {
    this.limits = options.limits ?? FETCH_LIMITS;
    this.resolve = options.resolve ?? systemResolver;
  }

  async fetch(url: URL): Promise<FetchedDocument> {
    if (url.protocol !== 'https:') throw new MetadataDocumentError('client_id URL must use https');
    const deadline = AbortSignal.timeout(this.limits.totalMs);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const address = await this.checkedAddress(host, deadline);
    return this.get(url, host, address, deadline);
  }

  private async checkedAddress(host: string, deadline: AbortSignal): Promise<string> {
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await Promise.race([this.resolve(host), aborted(deadline)]);
      } catch (error) {
        if (deadline.aborted) throw timedOut(this.limits.totalMs);
        throw new MetadataDocumentError('the client_id host name does not resolve', `${host}: ${(error as Error).message}`);
      }
    }
    if (addresses.length === 0) throw new MetadataDocumentError('the client_id host name does not resolve', host);
    // One refused address refuses the name: a name that mixes public and internal addresses is an attack, not a mistake.
    const refused = addresses.map((a) => refusedAddress(a, this.options)).filter((r): r is string => r !== null);
    if (refused.length) throw new MetadataDocumentError('the client_id host is not a publicly routable address', `${host}: ${refused.join('; ')}`);
    return addresses[0];
  }

  private get(url: URL, host: string, address: string, deadline: AbortSignal): Promise<FetchedDocument> {
    const { maxBytes, connectMs, totalMs } = this.limits;
    return new Promise<FetchedDocument>((resolve, reject) => {
      let settled = false;
      const fail = (error: MetadataDocumentError) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        req.destroy();
        reject(error);
      };
      const req = request({
        host: address,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        // SNI carries a name, never an address (RFC 6066 §3); the certificate is checked against the name.
        servername: isIP(host) ? undefined : host,
        headers: { Host: url.host, Accept: 'application/json', 'User-Agent': 'Mandate' },
        agent: false,
        ca: this.options.ca,
        signal: deadline,
      });
      const connectTimer = setTimeout(() => fail(new MetadataDocumentError('connecting to the client_id host timed out', `${host} after ${connectMs} ms`)), connectMs);
      req.on('socket', (socket) => socket.once('connect', () => clearTimeout(connectTimer)));
      req.on('error', (error) => {
        if (deadline.aborted) return fail(timedOut(totalMs));
        fail(new MetadataDocumentError('the client metadata document could not be fetched', `${host}: ${error.message}`));
      });
      req.on('response', (res: IncomingMessage) => {
        clearTimeout(connectTimer);
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) return fail(new MetadataDocumentError('the client_id URL answered a redirect, which is not followed', `${status} to ${res.headers.location ?? '?'}`));
        if (status !== 200) return fail(new MetadataDocumentError(`the client_id URL answered HTTP ${status}`));
        const type = (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
          return fail(new MetadataDocumentError('the client metadata document is not application/json', type || 'no Content-Type'));
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return fail(tooLarge(maxBytes));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return fail(tooLarge(maxBytes));
          chunks.push(chunk);
        });
        res.on('error', () => fail(deadline.aborted ? timedOut(totalMs) : new MetadataDocumentError('the client metadata document could not be read')));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({
            body: Buffer.concat(chunks).toString('utf8'),
            cacheControl: header(res, 'cache-control'),
            expires: header(res, 'expires'),
            date: header(res, 'date'),
            age: header(res, 'age'),
          });
        });
      });
      req.end();
    });
  }
}

function header(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function tooLarge(maxBytes: number): MetadataDocumentError {
  return new MetadataDocumentError(`the client metadata document is larger than ${maxBytes} bytes`);
}

function timedOut(totalMs: number): MetadataDocumentError {
  return new MetadataDocumentError('fetching the client metadata document timed out', `after ${totalMs} ms`);
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}
