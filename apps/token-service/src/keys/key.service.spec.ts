import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import { ServerError } from '@mandate/oauth';
import { PersistenceModule, tokenStorage } from '@mandate/persistence';
import { LOGGER, createLogger, loadConfig, type Logger } from '@mandate/platform';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { JwtVerificationError, encryptionKeyFingerprint, generateEncryptionKey } from '@mandate/crypto';
import { KEY_RING_CACHE_MS, KeyService } from './key.service';
import { keysConfig } from './keys.config';
import { GENERATED_KEK_NAME, PrivateKeySealer } from './private-key.sealer';

jest.setTimeout(60_000);

const ISSUER = 'https://am.example.com:8443/am/oauth2/realms/root/realms/alpha';

interface Replica {
  keys: KeyService;
  db: DataSource;
  logger: Logger;
}

interface KeyRow {
  realm: string;
  kid: string;
  alg: string;
  status: string;
  public_jwk: Record<string, unknown>;
  private_jwk: Record<string, unknown>;
  retired_at: Date | null;
  not_after: Date | null;
}

let pg: LocalPostgres;
const modules: TestingModule[] = [];

/** One token-service replica's key management: its own pool, sealer and ring cache, on the shared database. */
async function replica(env: Record<string, string> = {}): Promise<Replica> {
  const logger = createLogger('token-service', 'silent');
  const moduleRef = await Test.createTestingModule({
    imports: [PersistenceModule.forService(tokenStorage, () => ({ DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 2 }))],
    providers: [
      PrivateKeySealer,
      KeyService,
      { provide: keysConfig.token, useValue: loadConfig(keysConfig, env) },
      { provide: LOGGER, useValue: logger },
    ],
  }).compile();
  modules.push(moduleRef);
  return { keys: moduleRef.get(KeyService), db: moduleRef.get(DataSource), logger };
}

async function rows(db: DataSource, realm: string): Promise<KeyRow[]> {
  return db.query(`SELECT * FROM "token"."signing_keys" WHERE "realm" = $1 ORDER BY "created_at"`, [realm]);
}

function claims(lifetimeS = 3600) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, sub: 'demo', iat: now, exp: now + lifetimeS };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  pg = await startLocalPostgres();
});

afterAll(async () => {
  for (const moduleRef of modules) await moduleRef.close();
  await pg?.stop();
});

describe('KeyService: a realm’s first key', () => {
  it('creates realm /alpha’s RS256 key pair on first use and stores the private half sealed', async () => {
    const { keys, db } = await replica();
    const ring = await keys.keyRing('/alpha');
    expect(ring.active).toMatchObject({ alg: 'RS256', kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    const [row] = await rows(db, '/alpha');
    expect(row).toMatchObject({ kid: ring.activeKid, alg: 'RS256', status: 'active', retired_at: null, not_after: null });
    expect(row.public_jwk).toEqual(ring.active.publicJwk);
    expect(row.public_jwk).not.toHaveProperty('d');
    expect(row.private_jwk).toMatchObject({ v: 1, alg: 'A256GCM', iv: expect.any(String), tag: expect.any(String), ct: expect.any(String) });
    expect(JSON.stringify(row.private_jwk)).not.toContain(ring.active.privateJwk.d);
  });

  it('answers the same key to later calls and to another replica (it is persisted)', async () => {
    const first = await (await replica()).keys.keyRing('/alpha');
    const again = await (await replica()).keys.keyRing('/alpha');
    expect(again.activeKid).toBe(first.activeKid);
    expect(again.active.privateJwk).toEqual(first.active.privateJwk);
  });

  it('leaves one active key when two replicas race to create a realm’s first key', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const [ringA, ringB] = await Promise.all([a.keys.keyRing('/race'), b.keys.keyRing('/race')]);
    expect(ringA.activeKid).toBe(ringB.activeKid);
    expect((await rows(a.db, '/race')).map((r) => r.status)).toEqual(['active']);
    // Each replica signs with the one shared key and verifies what the other signed.
    await expect(ringB.verify(await ringA.sign(claims()), { issuer: ISSUER })).resolves.toBeDefined();
  });

  it('creates one key per replica however many requests ask at once', async () => {
    const { keys, db } = await replica();
    const rings = await Promise.all(Array.from({ length: 10 }, () => keys.keyRing('/burst')));
    expect(new Set(rings.map((r) => r.activeKid)).size).toBe(1);
    expect(await rows(db, '/burst')).toHaveLength(1);
  });

  it('creates an ES256 key for a realm that asks for ES256 first', async () => {
    const { keys } = await replica();
    const ring = await keys.keyRing('/es', 'ES256');
    expect(ring.active.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect((await keys.publishedKeys('/es')).activeKid).toBe(ring.activeKid);
  });
});

describe('KeyService: keys at rest', () => {
  it('without MANDATE_KEY_ENCRYPTION_KEY, generates one key-encryption key per installation and warns once', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const warn = jest.spyOn(a.logger, 'warn');
    await a.keys.keyRing('/warn-1');
    await a.keys.keyRing('/warn-2');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('keys at rest are only as safe as the database');

    const secrets = await a.db.query(`SELECT "name", "value" FROM "token"."installation_secrets"`);
    expect(secrets).toEqual([{ name: GENERATED_KEK_NAME, value: expect.any(String) }]);
    expect(Buffer.from(secrets[0].value, 'base64')).toHaveLength(32);
    expect((await b.keys.keyRing('/warn-1')).activeKid).toBe((await a.keys.keyRing('/warn-1')).activeKid);
  });

  it('seals under MANDATE_KEY_ENCRYPTION_KEY when it is set, without a warning', async () => {
    const kek = generateEncryptionKey();
    const { keys, db, logger } = await replica({ MANDATE_KEY_ENCRYPTION_KEY: Buffer.from(kek).toString('base64') });
    const warn = jest.spyOn(logger, 'warn');
    await keys.keyRing('/configured');
    expect(warn).not.toHaveBeenCalled();
    const [row] = await rows(db, '/configured');
    expect(row.private_jwk['kek']).toBe(encryptionKeyFingerprint(kek));
  });

  it('fails with server_error, naming both key fingerprints, when the key-encryption key changed', async () => {
    const original = Buffer.from(generateEncryptionKey()).toString('base64');
    await (await replica({ MANDATE_KEY_ENCRYPTION_KEY: original })).keys.keyRing('/rekeyed');
    const other = await replica({ MANDATE_KEY_ENCRYPTION_KEY: Buffer.from(generateEncryptionKey()).toString('base64') });
    const error = await rejection(other.keys.keyRing('/rekeyed'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, code: 'server_error', description: 'The server encountered an unexpected error' });
    expect((error as ServerError).detail).toMatch(/^signing key \S+ cannot be opened: sealed under key-encryption key \S+, but the configured key is \S+$/);
  });

  it('refuses a MANDATE_KEY_ENCRYPTION_KEY that is not 32 bytes of base64', () => {
    expect(() => loadConfig(keysConfig, { MANDATE_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      'MANDATE_KEY_ENCRYPTION_KEY: 32 random bytes, base64 (openssl rand -base64 32)',
    );
    expect(loadConfig(keysConfig, { MANDATE_KEY_ENCRYPTION_KEY: '' })).toEqual({ MANDATE_MAX_TOKEN_LIFETIME_S: 3600, MANDATE_KEY_ROTATION_DAYS: 90, MANDATE_KEY_ROTATION_CHECK_S: 3600 });
  });
});

describe('KeyService: rotation', () => {
  it('retires the previous key, which stays published and verifies its tokens until not_after, then is gone', async () => {
    const { keys, db } = await replica({ MANDATE_MAX_TOKEN_LIFETIME_S: '600' });
    const before = await keys.keyRing('/rotate');
    const oldToken = await before.sign(claims(600));
    const rotatedAt = Date.now();
    const after = await keys.rotate('/rotate');

    expect(after.activeKid).not.toBe(before.activeKid);
    expect(after.jwks().keys.map((k) => k.kid)).toEqual([after.activeKid, before.activeKid]);
    await expect(after.verify(oldToken, { issuer: ISSUER })).resolves.toMatchObject({ protectedHeader: { kid: before.activeKid } });
    expect((await keys.keyRing('/rotate')).activeKid).toBe(after.activeKid);

    const [retired, active] = await rows(db, '/rotate');
    expect([retired.kid, retired.status, active.kid, active.status]).toEqual([before.activeKid, 'retired', after.activeKid, 'active']);
    // The last token the old key may have signed (here, or on a replica whose cached ring is a minute old) expires by then.
    const notAfter = retired.not_after!.getTime();
    expect(notAfter).toBeGreaterThanOrEqual(rotatedAt + 600_000 + KEY_RING_CACHE_MS);
    expect(notAfter).toBeLessThan(Date.now() + 600_000 + KEY_RING_CACHE_MS + 1);

    const now = jest.spyOn(Date, 'now').mockReturnValue(notAfter + 1);
    try {
      const later = await keys.publishedKeys('/rotate');
      expect(later.jwks().keys.map((k) => k.kid)).toEqual([after.activeKid]);
      const error = await rejection(later.verify(oldToken, { issuer: ISSUER }));
      expect(error).toBeInstanceOf(JwtVerificationError);
      expect(error).toMatchObject({ reason: 'unknown_kid' });
    } finally {
      now.mockRestore();
    }
  });

  it('rotates once when two replicas rotate the same key at the same time', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const original = await a.keys.keyRing('/rotate-race');
    await b.keys.keyRing('/rotate-race');
    const [ringA, ringB] = await Promise.all([a.keys.rotate('/rotate-race'), b.keys.rotate('/rotate-race')]);
    expect(ringA.activeKid).toBe(ringB.activeKid);
    expect((await rows(a.db, '/rotate-race')).map((r) => [r.kid, r.status])).toEqual([
      [original.activeKid, 'retired'],
      [ringA.activeKid, 'active'],
    ]);
  });

  it('moves a realm to ES256 when asked for an ES256 ring, keeping the RS256 key published', async () => {
    const { keys } = await replica();
    const rsa = await keys.keyRing('/switch');
    const rsaToken = await rsa.sign(claims());
    const ec = await keys.keyRing('/switch', 'ES256');
    expect(ec.active.alg).toBe('ES256');
    expect(ec.jwks().keys.map((k) => [k.kid, k.alg])).toEqual([
      [ec.activeKid, 'ES256'],
      [rsa.activeKid, 'RS256'],
    ]);
    await expect(ec.verify(rsaToken, { issuer: ISSUER })).resolves.toBeDefined();
    // The JWKS endpoint does not switch the algorithm back.
    expect((await keys.publishedKeys('/switch')).activeKid).toBe(ec.activeKid);
  });
});
