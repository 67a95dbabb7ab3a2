import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { refusedAddress } from './address-policy';
import { cacheLifetimeSeconds } from './cache-lifetime';
import { parseClientIdUrl } from './client-id-url';
import { MetadataDocumentError } from './metadata-document.error';
import { type FetcherOptions, MetadataDocumentFetcher } from './metadata-document.fetcher';
import { testTls } from '@mandate/testing';

const closed = { allowLoopback: false };

describe('refusedAddress (SSRF address classes)', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedAddress(address, closed)).toMatch(new RegExp(`a ${range} address$`));
  });

  it('accepts globally routable unicast addresses, IPv4 and IPv6', () => {
    expect(refusedAddress('93.184.215.14', closed)).toBeNull();
    expect(refusedAddress('2606:4700::6810:85e5', closed)).toBeNull();
    expect(refusedAddress('::ffff:93.184.215.14', closed)).toBeNull();
  });

  it('lets the test switch open the loopback interface only', () => {
    const open = { allowLoopback: true };
    expect(refusedAddress('127.0.0.1', open)).toBeNull();
    expect(refusedAddress('::1', open)).toBeNull();
    expect(refusedAddress('::ffff:127.0.0.1', open)).toBeNull();
    expect(refusedAddress('10.0.0.1', open)).toMatch(/private/);
    expect(refusedAddress('169.254.169.254', open)).toMatch(/linkLocal/);
  });
});

describe('parseClientIdUrl (draft §3)', () => {
  it.each([
    ['http://client.example.com/metadata.json', 'client_id URL must use https'],
    ['https://client.example.com', 'client_id URL must contain a path'],
    ['https://client.example.com/', 'client_id URL must contain a path'],
    ['https://client.example.com/a#b', 'client_id URL must not contain a fragment'],
    ['https://user:pw@client.example.com/a', 'client_id URL must not contain a user name or password'],
    ['https://client.example.com/a/../b', 'client_id URL must not contain . or .. path segments'],
    ['https://client.example.com/./b', 'client_id URL must not contain . or .. path segments'],
    ['https://client.example.com/%2e%2e/b', 'client_id URL must not contain . or .. path segments'],
  ])('refuses %s', (url, problem) => {
    expect(() => parseClientIdUrl(url)).toThrow(`Client metadata document refused: ${problem}`);
  });

  it('accepts a port and a query', () => {
    expect(parseClientIdUrl('https://client.example.com:8443/oauth/client.json?v=1').host).toBe('client.example.com:8443');
  });
});

describe('cacheLifetimeSeconds (RFC 9111, bounded)', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  it('uses max-age less Age, within the floor and ceiling', () => {
    expect(cacheLifetimeSeconds({ cacheControl: 'public, max-age=600' }, undefined, now)).toBe(600);
    expect(cacheLifetimeSeconds({ cacheControl: 'max-age=600', age: '100' }, undefined, now)).toBe(500);
    expect(cacheLifetimeSeconds({ cacheControl: 'max-age=5' }, undefined, now)).toBe(60);
    expect(cacheLifetimeSeconds({ cacheControl: 'max-age=31536000' }, undefined, now)).toBe(86400);
  });
  it('prefers max-age to Expires, and reads Expires against Date', () => {
    expect(cacheLifetimeSeconds({ cacheControl: 'max-age=120', expires: 'Thu, 03 Dec 2026 13:00:00 GMT' }, undefined, now)).toBe(120);
    expect(cacheLifetimeSeconds({ expires: 'Thu, 03 Dec 2026 13:00:00 GMT', date: 'Thu, 03 Dec 2026 12:30:00 GMT' }, undefined, now)).toBe(1800);
    expect(cacheLifetimeSeconds({ expires: 'Thu, 03 Dec 2026 12:20:00 GMT' }, undefined, now)).toBe(1200);
  });
  it('keeps no-store, no-cache, an invalid Expires and a past one for the floor only; nothing said takes the fallback', () => {
    expect(cacheLifetimeSeconds({ cacheControl: 'no-store' }, undefined, now)).toBe(60);
    expect(cacheLifetimeSeconds({ cacheControl: 'no-cache, max-age=3600' }, undefined, now)).toBe(60);
    expect(cacheLifetimeSeconds({ expires: '0' }, undefined, now)).toBe(60);
    expect(cacheLifetimeSeconds({ expires: 'Thu, 03 Dec 2026 11:00:00 GMT' }, undefined, now)).toBe(60);
    expect(cacheLifetimeSeconds({}, undefined, now)).toBe(300);
  });
});

describe('MetadataDocumentFetcher (SSRF defences) against a real https server on loopback', () => {
  const tls = testTls(['localhost', '127.0.0.1', 'docs.test']);
  let server: Server;
  let port = 0;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  const seenHosts: string[] = [];

  beforeAll(async () => {
    server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      seenHosts.push(req.headers.host ?? '');
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const fetcher = (options: Partial<FetcherOptions> = {}) =>
    new MetadataDocumentFetcher({ allowLoopback: true, ca: tls.ca, limits: { maxBytes: 5120, connectMs: 1000, totalMs: 1500 }, ...options });
  const json = (body: string, headers: Record<string, string> = {}) => (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
    res.end(body);
  };
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MetadataDocumentError);
    return error as MetadataDocumentError;
  };

  it('fetches a document and its cache headers', async () => {
    handler = json('{"client_id":"x"}', { 'Cache-Control': 'max-age=120' });
    const doc = await fetcher().fetch(new URL(`https://localhost:${port}/client.json`));
    expect(doc).toMatchObject({ body: '{"client_id":"x"}', cacheControl: 'max-age=120' });
  });

  it('refuses the loopback interface when the test switch is off (the default)', async () => {
    handler = json('{}');
    const before = seenHosts.length;
    const error = await refusal(fetcher({ allowLoopback: false }).fetch(new URL(`https://localhost:${port}/client.json`)));
    expect(error.description).toBe('Client metadata document refused: the client_id host is not a publicly routable address');
    expect(error.detail).toMatch(/loopback address/);
    await refusal(fetcher({ allowLoopback: false }).fetch(new URL(`https://127.0.0.1:${port}/client.json`)));
    await refusal(fetcher({ allowLoopback: false }).fetch(new URL(`https://[::ffff:127.0.0.1]:${port}/client.json`)));
    expect(seenHosts.length).toBe(before);
  });

  it('refuses a name when any of its addresses is refused, before connecting', async () => {
    const resolve = async () => ['93.184.215.14', '10.0.0.7'];
    const error = await refusal(fetcher({ resolve }).fetch(new URL('https://mixed.test/client.json')));
    expect(error.detail).toBe('mixed.test: 10.0.0.7 is a private address');
    const metadata = await refusal(fetcher({ resolve: async () => ['169.254.169.254'] }).fetch(new URL('https://metadata.test/latest')));
    expect(metadata.detail).toMatch(/linkLocal/);
  });

  it('connects to the address it checked, with the name for SNI, the certificate and Host (no second lookup)', async () => {
    handler = json('{"ok":true}');
    let lookups = 0;
    const resolve = async () => {
      lookups += 1;
      return ['127.0.0.1'];
    };
    // docs.test exists in no DNS: only the checked address can have been used.
    const doc = await fetcher({ resolve }).fetch(new URL(`https://docs.test:${port}/c.json`));
    expect(doc.body).toBe('{"ok":true}');
    expect(lookups).toBe(1);
    expect(seenHosts.at(-1)).toBe(`docs.test:${port}`);
  });

  it('refuses a certificate that does not name the host', async () => {
    handler = json('{}');
    const error = await refusal(fetcher({ resolve: async () => ['127.0.0.1'] }).fetch(new URL(`https://other.test:${port}/c.json`)));
    expect(error.description).toBe('Client metadata document refused: the client metadata document could not be fetched');
  });

  it('does not follow a redirect, to its own host or another', async () => {
    for (const location of [`https://localhost:${port}/other.json`, 'https://evil.example.com/c.json']) {
      handler = (_, res) => {
        res.writeHead(302, { Location: location });
        res.end();
      };
      const error = await refusal(fetcher().fetch(new URL(`https://localhost:${port}/client.json`)));
      expect(error.description).toBe('Client metadata document refused: the client_id URL answered a redirect, which is not followed');
    }
  });

  it('refuses a status other than 200 and a body that is not JSON by type', async () => {
    handler = (_, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{}');
    };
    expect((await refusal(fetcher().fetch(new URL(`https://localhost:${port}/c.json`)))).description).toBe('Client metadata document refused: the client_id URL answered HTTP 404');
    handler = json('<html></html>', { 'Content-Type': 'text/html' });
    expect((await refusal(fetcher().fetch(new URL(`https://localhost:${port}/c.json`)))).description).toBe('Client metadata document refused: the client metadata document is not application/json');
  });

  it('caps the size: by Content-Length, and while reading a body sent without it', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(6000) });
    handler = json(big);
    expect((await refusal(fetcher().fetch(new URL(`https://localhost:${port}/c.json`)))).description).toBe('Client metadata document refused: the client metadata document is larger than 5120 bytes');
    handler = (_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
      res.on('close', () => clearInterval(timer));
    };
    expect((await refusal(fetcher().fetch(new URL(`https://localhost:${port}/c.json`)))).description).toBe('Client metadata document refused: the client metadata document is larger than 5120 bytes');
  });

  it('caps the total time of a server that never answers', async () => {
    handler = () => undefined;
    const started = Date.now();
    const error = await refusal(fetcher().fetch(new URL(`https://localhost:${port}/slow.json`)));
    expect(error.description).toBe('Client metadata document refused: fetching the client metadata document timed out');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses documentation and reserved space before connecting', async () => {
    const fetcherOf = (address: string) => new MetadataDocumentFetcher({ allowLoopback: true, resolve: async () => [address] });
    expect((await refusal(fetcherOf('192.0.2.1').fetch(new URL('https://doc.test/c.json')))).detail).toMatch(/reserved address/);
    expect((await refusal(fetcherOf('240.0.0.1').fetch(new URL('https://doc.test/c.json')))).detail).toMatch(/reserved address/);
  });
});
