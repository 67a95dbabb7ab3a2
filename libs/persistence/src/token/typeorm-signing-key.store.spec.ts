import 'reflect-metadata';
import type { NewSigningKey } from '@mandate/oauth';
import { startLocalPostgres, type LocalPostgres } from '@mandate/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../persistence.module';
import { InstallationSecretEntity } from './installation-secret.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { tokenStorage } from './token.storage';
import { TypeOrmInstallationSecretStore } from './typeorm-installation-secret.store';
import { TypeOrmSigningKeyStore } from './typeorm-signing-key.store';

jest.setTimeout(60_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let pg: LocalPostgres;
let ds: DataSource;
let store: TypeOrmSigningKeyStore;
let n = 0;

/** A key row's content; the JWKs are placeholders (the store treats them as opaque JSON). */
function newKey(realm: string, alg: 'RS256' | 'ES256' = 'RS256'): NewSigningKey {
  const kid = `kid-${++n}`;
  return { realm, kid, alg, publicJwk: { kty: 'RSA', n: `n${n}`, e: 'AQAB', kid }, sealedPrivateJwk: { v: 1, alg: 'A256GCM', ct: `ct${n}` } };
}

beforeAll(async () => {
  pg = await startLocalPostgres();
  ds = await new DataSource(dataSourceOptions(tokenStorage, { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: 4 })).initialize();
  await migrate(ds, 'token');
  store = new TypeOrmSigningKeyStore(ds.getRepository(SigningKeyEntity));
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await pg?.stop();
});

describe('TypeOrmSigningKeyStore', () => {
  it('stores a realm’s first key as active and reads it back', async () => {
    const key = newKey('/first');
    expect(await store.insertActiveIfAbsent(key)).toBe(true);
    expect(await store.findPublished('/first', new Date())).toEqual([
      { id: expect.stringMatching(UUID), ...key, status: 'active', createdAt: expect.any(Date) },
    ]);
  });

  it('keeps the first active key when a second one is offered (one active key per realm)', async () => {
    const first = newKey('/race');
    expect(await store.insertActiveIfAbsent(first)).toBe(true);
    expect(await store.insertActiveIfAbsent(newKey('/race'))).toBe(false);
    expect((await store.findPublished('/race', new Date())).map((k) => k.kid)).toEqual([first.kid]);
  });

  it('lets exactly one of many concurrent first inserts win', async () => {
    const offers = Array.from({ length: 8 }, () => newKey('/crowd'));
    const results = await Promise.all(offers.map((k) => store.insertActiveIfAbsent(k)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const published = await store.findPublished('/crowd', new Date());
    expect(published.map((k) => k.kid)).toEqual([offers[results.indexOf(true)].kid]);
  });

  it('rotates: retires the active key until notAfter and makes the new one active', async () => {
    const old = newKey('/rotate');
    await store.insertActiveIfAbsent(old);
    const next = newKey('/rotate', 'ES256');
    const notAfter = new Date(Date.now() + 3_600_000);
    expect(await store.replaceActive(old.kid, next, notAfter)).toBe(true);

    const published = await store.findPublished('/rotate', new Date());
    expect(published.map((k) => [k.kid, k.status, k.alg])).toEqual([
      [next.kid, 'active', 'ES256'],
      [old.kid, 'retired', 'RS256'],
    ]);
    expect(published[1].notAfter).toEqual(notAfter);
    expect(published[1].retiredAt).toEqual(expect.any(Date));
    expect(published[0]).not.toHaveProperty('notAfter');
  });

  it('stops publishing a retired key once its notAfter has passed', async () => {
    const old = newKey('/expire');
    await store.insertActiveIfAbsent(old);
    const next = newKey('/expire');
    const notAfter = new Date(Date.now() + 60_000);
    await store.replaceActive(old.kid, next, notAfter);
    expect(await store.findPublished('/expire', new Date(notAfter.getTime() - 1))).toHaveLength(2);
    expect((await store.findPublished('/expire', notAfter)).map((k) => k.kid)).toEqual([next.kid]);
  });

  it('refuses a rotation from a key that is no longer active, changing nothing', async () => {
    const old = newKey('/cas');
    await store.insertActiveIfAbsent(old);
    const winner = newKey('/cas');
    const loser = newKey('/cas');
    const notAfter = new Date(Date.now() + 60_000);
    const results = await Promise.all([store.replaceActive(old.kid, winner, notAfter), store.replaceActive(old.kid, loser, notAfter)]);
    expect(results.sort()).toEqual([false, true]);
    const active = (await store.findPublished('/cas', new Date())).filter((k) => k.status === 'active');
    expect(active).toHaveLength(1);
    expect(await store.replaceActive('kid-unknown', newKey('/cas'), notAfter)).toBe(false);
  });

  it('keeps realms apart', async () => {
    await store.insertActiveIfAbsent(newKey('/left'));
    const right = newKey('/right');
    await store.insertActiveIfAbsent(right);
    expect((await store.findPublished('/right', new Date())).map((k) => k.kid)).toEqual([right.kid]);
    expect(await store.findPublished('/nowhere', new Date())).toEqual([]);
  });

  it('refuses a retired row without notAfter and a second row with the same kid', async () => {
    await expect(
      ds.query(`INSERT INTO "token"."signing_keys" ("realm", "kid", "alg", "public_jwk", "private_jwk", "status") VALUES ('/x', 'k', 'RS256', '{}', '{}', 'retired')`),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23514' }) });
    const key = newKey('/dup');
    await store.insertActiveIfAbsent(key);
    await expect(store.insertActiveIfAbsent({ ...key, realm: '/dup2' })).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
  });
});

describe('TypeOrmInstallationSecretStore', () => {
  it('stores the first candidate and answers it to every later and concurrent caller', async () => {
    const secrets = new TypeOrmInstallationSecretStore(ds.getRepository(InstallationSecretEntity));
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((candidate) => secrets.getOrCreate('kek', candidate)));
    expect(new Set(answers).size).toBe(1);
    expect(await secrets.getOrCreate('kek', 'later')).toBe(answers[0]);
    expect(await secrets.getOrCreate('other', 'z')).toBe('z');
  });
});
