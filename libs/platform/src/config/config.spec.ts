import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, configProvider, defineConfig, loadConfig, validateConfig } from './config';
import { databaseConfig, httpConfig, issuerConfig, transportConfig } from './slices';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('validateConfig', () => {
  it('lists every problem across several slices at once', () => {
    const problems = problemsOf(() =>
      validateConfig([transportConfig, databaseConfig, httpConfig, issuerConfig], {
        NATS_URL: 'http://nats.example.com:4222',
        DATABASE_URL: 'mysql://db.example.com/mandate',
        PORT: '99999',
        AM_BASE_URL: 'https://am.example.com/am?x=1',
        RPC_TIMEOUT_MS: '10',
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'NATS_URL: a nats:// URL',
        'DATABASE_URL: a postgres:// URL',
        expect.stringMatching(/^PORT: /),
        'AM_BASE_URL: an http(s) URL without query or fragment',
        expect.stringMatching(/^RPC_TIMEOUT_MS: /),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('puts every problem in the error message, one per line', () => {
    let error: ConfigError | undefined;
    try {
      validateConfig([transportConfig, databaseConfig], { MANDATE_TRANSPORT: 'carrier-pigeon' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.name).toBe('ConfigError');
    expect(error?.problems).toEqual([expect.stringMatching(/^MANDATE_TRANSPORT: /), expect.stringMatching(/^DATABASE_URL: /)]);
    expect(error?.message.split('\n')).toEqual([
      'Invalid configuration:',
      `  - ${error?.problems[0]}`,
      `  - ${error?.problems[1]}`,
    ]);
  });

  it('reports a problem shared by two slices once', () => {
    const shared = defineConfig('shared-a', z.object({ SHARED: z.string() }));
    const again = defineConfig('shared-b', z.object({ SHARED: z.string() }));
    expect(problemsOf(() => validateConfig([shared, again], {}))).toHaveLength(1);
  });

  it('accepts a complete environment', () => {
    expect(() =>
      validateConfig([transportConfig, databaseConfig, httpConfig, issuerConfig], {
        MANDATE_TRANSPORT: 'nats',
        NATS_URL: 'nats://127.0.0.1:4222',
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/mandate',
        PORT: '8080',
        AM_BASE_URL: 'https://am.example.com/am',
      }),
    ).not.toThrow();
  });

  it('reads process.env when no environment is given', () => {
    const saved = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = 'not-a-url';
    try {
      expect(problemsOf(() => validateConfig([databaseConfig]))).toEqual(['DATABASE_URL: a postgres:// URL']);
    } finally {
      if (saved === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = saved;
    }
  });
});

describe('loadConfig', () => {
  it('applies the local single-machine defaults', () => {
    expect(loadConfig(transportConfig, {})).toEqual({
      MANDATE_TRANSPORT: 'nats',
      NATS_URL: 'nats://127.0.0.1:4222',
      RPC_TIMEOUT_MS: 5000,
      LOG_LEVEL: 'info',
    });
    expect(loadConfig(issuerConfig, {})).toEqual({ AM_BASE_URL: 'http://localhost:8080/am' });
    expect(loadConfig(httpConfig, {})).toEqual({ PORT: 8080, HOST: '0.0.0.0', BODY_LIMIT_BYTES: 1024 * 1024 });
    expect(loadConfig(databaseConfig, { DATABASE_URL: 'postgresql://h/db' })).toEqual({
      DATABASE_URL: 'postgresql://h/db',
      DATABASE_POOL_SIZE: 10,
    });
  });

  it('strips trailing slashes from AM_BASE_URL', () => {
    expect(loadConfig(issuerConfig, { AM_BASE_URL: 'https://am.example.com:8443/am/' }).AM_BASE_URL).toBe('https://am.example.com:8443/am');
    expect(loadConfig(issuerConfig, { AM_BASE_URL: 'https://am.example.com/am///' }).AM_BASE_URL).toBe('https://am.example.com/am');
  });

  it('coerces numbers from the environment’s strings', () => {
    const config = loadConfig(transportConfig, { RPC_TIMEOUT_MS: '300', HEALTH_PORT: '9001', MANDATE_TRANSPORT: 'inproc' });
    expect(config.RPC_TIMEOUT_MS).toBe(300);
    expect(config.HEALTH_PORT).toBe(9001);
    expect(config.MANDATE_TRANSPORT).toBe('inproc');
  });

  it('throws a ConfigError listing every problem of its slice', () => {
    const problems = problemsOf(() => loadConfig(transportConfig, { NATS_URL: 'localhost:4222', LOG_LEVEL: 'loud', HEALTH_PORT: '-1' }));
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining(['NATS_URL: a nats:// URL', expect.stringMatching(/^LOG_LEVEL: /), expect.stringMatching(/^HEALTH_PORT: /)]),
    );
  });

  it('refuses an AM_BASE_URL with a fragment or a non-http scheme', () => {
    expect(problemsOf(() => loadConfig(issuerConfig, { AM_BASE_URL: 'https://am.example.com/am#top' }))).toHaveLength(1);
    expect(problemsOf(() => loadConfig(issuerConfig, { AM_BASE_URL: 'ftp://am.example.com/am' }))).toHaveLength(1);
  });
});

describe('the NATS identity and CA files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mandate-config-'));
  const seed = join(dir, 'gateway.nk');
  const ca = join(dir, 'ca.pem');
  writeFileSync(seed, 'SUAMLK2ZNL35WSMW37E7UD4VZ7ELPKW7DHC3BWBSD2GCZ7IUQQXZIORRBU\n');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a readable seed file and CA file', () => {
    expect(loadConfig(transportConfig, { NATS_NKEY_SEED_FILE: seed, NATS_TLS_CA_FILE: ca })).toMatchObject({ NATS_NKEY_SEED_FILE: seed, NATS_TLS_CA_FILE: ca });
  });

  it('stops the start when a file is missing, naming the path and the reason', () => {
    expect(problemsOf(() => loadConfig(transportConfig, { NATS_NKEY_SEED_FILE: join(dir, 'missing.nk'), NATS_TLS_CA_FILE: join(dir, 'missing.pem') }))).toEqual([
      `NATS_NKEY_SEED_FILE: cannot read ${join(dir, 'missing.nk')} (ENOENT)`,
      `NATS_TLS_CA_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
    ]);
  });

  it('refuses a file that holds something else, without quoting it', () => {
    const problems = problemsOf(() => loadConfig(transportConfig, { NATS_NKEY_SEED_FILE: ca, NATS_TLS_CA_FILE: seed }));
    expect(problems).toEqual([`NATS_NKEY_SEED_FILE: ${ca} does not hold an nkey user seed (SU…)`, `NATS_TLS_CA_FILE: ${seed} does not hold a PEM certificate`]);
  });

  it('leaves both unset when empty (no authentication, plain TCP)', () => {
    const config = loadConfig(transportConfig, { NATS_NKEY_SEED_FILE: '', NATS_TLS_CA_FILE: '' });
    expect(config.NATS_NKEY_SEED_FILE).toBeUndefined();
    expect(config.NATS_TLS_CA_FILE).toBeUndefined();
  });
});

describe('configProvider', () => {
  it('provides the slice under its token, read from process.env when resolved', () => {
    const provider = configProvider(issuerConfig);
    expect(provider.provide).toBe(Symbol.for('mandate.config.issuer'));
    const saved = process.env['AM_BASE_URL'];
    process.env['AM_BASE_URL'] = 'https://idp.example.org/am/';
    try {
      expect(provider.useFactory()).toEqual({ AM_BASE_URL: 'https://idp.example.org/am' });
    } finally {
      if (saved === undefined) delete process.env['AM_BASE_URL'];
      else process.env['AM_BASE_URL'] = saved;
    }
  });
});
